threatmodel::declare! {
    assumption TlsAtIngress(tls_at_the_load_balancer);
}

fn main() {}
