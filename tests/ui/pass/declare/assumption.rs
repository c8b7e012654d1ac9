//! `assumption` entries: the text, an optional owner, the doc comment as description.

use threatmodel_tests::collect;

threatmodel::declare! {
    /// The ingress controller is the only route in.
    pub assumption TlsAtIngress("TLS terminates at the load balancer", owner = "platform");
    assumption AdminOutOfScope("the admin console has its own threat model");
}

fn main() {
    let model = collect();
    let ids: Vec<&str> = model.assumptions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(ids, ["AdminOutOfScope", "TlsAtIngress"]);
    let tls = &model.assumptions[1];
    assert_eq!(tls.text, "TLS terminates at the load balancer");
    assert_eq!(tls.owner.as_deref(), Some("platform"));
    assert_eq!(
        tls.description.as_deref(),
        Some("The ingress controller is the only route in.")
    );
    assert_eq!(model.assumptions[0].owner, None);
    assert!(model.problems.is_empty(), "{:?}", model.problems);
}
