//! `installed_by` must name something rustc can resolve.

threatmodel::declare! {
    pub mitigation GovernorLimit(rate_limiting, installed_by = tower_governor::GovernorLayr);
}

fn main() {}
