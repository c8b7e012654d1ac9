threatmodel::declare! {
    assumption TlsAtIngress("  ");
}

fn main() {}
