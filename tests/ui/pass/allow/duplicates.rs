//! The same suppression written twice on one item (in two attributes) is recorded once; the same
//! rule allowed on two items is two suppressions.

use threatmodel::{endpoint, threat};
use threatmodel_tests::{collect, names};

#[endpoint("GET /a", allow(missing_rate_limiting, reason = "cached"))]
#[threat(injection, accepted = "no input", owner = "api", allow(missing_rate_limiting, reason = "cached"))]
pub fn a() {}

#[endpoint("GET /b", allow(missing_rate_limiting, reason = "cached"))]
pub fn b() {}

fn main() {
    let model = collect();
    let items: Vec<&str> = model.suppressions.iter().map(|s| s.item.as_str()).collect();
    assert_eq!(items.len(), 2, "{:#?}", model.suppressions);
    assert!(names(items[0], "a") && names(items[1], "b"), "{items:?}");
    a();
    b();
}
