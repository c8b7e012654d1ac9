//! threatmodel attributes written above `#[tracing::instrument]`, as DESIGN.md recommends.

use threatmodel::{data_flow, endpoint, mitigation, threat};
use threatmodel_tests::{collect, endpoint, mitigated_by, mitigation, threat};

#[mitigation(authentication)]
#[tracing::instrument(skip(token))]
pub fn require_jwt(token: &str) -> bool {
    !token.is_empty()
}

#[threatmodel::component(datastore)]
pub struct Db;

#[endpoint("POST /transfers")]
#[threat(broken_authentication, mitigated_by = require_jwt)]
#[data_flow(to = Db)]
#[tracing::instrument]
pub async fn create_transfer(amount: u64) -> u64 {
    amount
}

fn main() {
    assert!(require_jwt("t"));
    drop(create_transfer(1));
    let model = collect();
    endpoint(&model, "create_transfer", "POST", "/transfers");
    let jwt = mitigation(&model, "require_jwt");
    assert_eq!(mitigated_by(threat(&model, "create_transfer", "broken_authentication")), [jwt.id.clone()]);
    assert_eq!(model.data_flows.len(), 1);
}
