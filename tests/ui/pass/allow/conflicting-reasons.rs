//! One rule allowed twice on one item with two different reasons: neither reason is dropped in
//! silence; the model reports a problem at the later `allow`, which makes `check` fail.

use threatmodel::endpoint;
use threatmodel::Model;

#[endpoint(
    "GET /a",
    allow(missing_rate_limiting, reason = "cached"),
    allow(missing_rate_limiting, reason = "behind the gateway")
)]
pub fn a() {}

fn main() {
    let model = Model::collect();
    assert_eq!(model.suppressions.len(), 2, "{:#?}", model.suppressions);
    assert_eq!(model.problems.len(), 1, "{:#?}", model.problems);
    let problem = &model.problems[0];
    assert!(
        problem
            .message
            .starts_with("`missing_rate_limiting` is allowed twice on `"),
        "{}",
        problem.message
    );
    assert_eq!(problem.location.line, 10, "the later `allow`");
    a();
}
