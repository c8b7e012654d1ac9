//! Route templates at the edges of the grammar: the root, a trailing slash, Rocket's query
//! parameters (dropped from the normalised route) and an actix-web pattern holding `?` and `{}`.

use threatmodel::endpoint;
use threatmodel_tests::{collect, endpoint};

#[endpoint("GET /")]
#[endpoint("GET /accounts/")]
#[endpoint("GET /search/<kind>?<q>&<page..>")]
#[endpoint("GET /d/{date:\\d{4}}/{n:\\d?}")]
pub fn handler() {}

fn main() {
    let model = collect();
    assert_eq!(model.endpoints.len(), 4);
    endpoint(&model, "handler", "GET", "/");
    endpoint(&model, "handler", "GET", "/accounts/");
    assert_eq!(endpoint(&model, "handler", "GET", "/search/{kind}").path_params, ["kind"]);
    assert_eq!(endpoint(&model, "handler", "GET", "/d/{date}/{n}").path_params, ["date", "n"]);
    handler();
}
