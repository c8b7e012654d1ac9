threatmodel::declare! {
    pub mitigation GovernorLimit(rate_limiting, allow(TM0013, reason = "configured per route"));
}

fn main() {}
