threatmodel::declare! {
    threat Injection(injection, accepted = "read-only replica");
}

fn main() {}
