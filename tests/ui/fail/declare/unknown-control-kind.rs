threatmodel::declare! {
    mitigation GovernorLimit(rate_limit, applies_to = "/api/*");
}

fn main() {}
