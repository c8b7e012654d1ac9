//! `installed_by` names what installs a control in router code: a foreign type, a local fn,
//! a module path; each is resolved by rustc and recorded as written.

use threatmodel::mitigation;
use threatmodel_tests::{collect, mitigation};

mod limits {
    /// Stands for a third-party layer type.
    pub struct GovernorLayer;
    /// Stands for a middleware constructor.
    pub fn from_fn() {}
}

use limits::GovernorLayer;

threatmodel::declare! {
    /// The rate limiter, configured where the router is built.
    pub mitigation GovernorLimit(rate_limiting, installed_by = GovernorLayer);
    pub mitigation Headers(security_headers, installed_by = [limits::from_fn, std::collections::HashMap]);
}

/// A control whose own type is not what the router names.
#[mitigation(authentication, installed_by = limits::GovernorLayer)]
pub struct Sessions;

fn main() {
    let model = collect();
    assert_eq!(mitigation(&model, "GovernorLimit").installed_by, ["GovernorLayer"]);
    assert_eq!(
        mitigation(&model, "Headers").installed_by,
        ["limits::from_fn", "std::collections::HashMap"]
    );
    assert_eq!(mitigation(&model, "Sessions").installed_by, ["limits::GovernorLayer"]);
    limits::from_fn();
    let _ = (GovernorLayer, Sessions);
}
