threatmodel::declare! {
    assumption TlsAtIngress(owner = "platform");
}

fn main() {}
