threatmodel::declare! {
    assumption TlsAtIngress("TLS terminates at the load balancer", expires = "2027-01-01");
}

fn main() {}
