//! Every form of `#[verifies]`, above and below the test attributes, with paths written bare,
//! as strings and through modules. The tests stay ordinary fns: called here, they run.

use threatmodel::{endpoint, mitigation, mitigations, threat, trust_boundary, verifies};

/// Untrusted callers.
#[trust_boundary]
pub struct Internet;

/// The caller must own the account.
#[mitigation(authorization)]
pub fn ensure_owner() -> bool {
    true
}

pub mod limits {
    /// At most 10 requests a second per client.
    #[threatmodel::mitigation(rate_limiting)]
    pub fn per_client() {}
}

/// The database.
pub struct Db;

#[mitigations]
impl Db {
    /// Binds every value.
    #[mitigation(parameterized_queries)]
    pub fn insert(&self) {}
}

#[endpoint("GET /accounts/{id}", boundary = Internet)]
#[threat(bola, mitigated_by = ensure_owner)]
#[threat(unrestricted_resource_consumption, mitigated_by = limits::per_client)]
pub async fn get_account() {}

#[verifies(ensure_owner)]
fn bare_path() {
    assert!(ensure_owner());
}

#[verifies(ensure_owner, threat = broken_object_level_authorization)]
#[verifies("limits::per_client", threat = unrestricted_resource_consumption)]
fn narrowed_to_a_threat_and_written_as_a_string() {}

#[verifies(threat = bola, endpoint = get_account)]
fn every_control_of_a_threat_on_a_handler() {}

#[verifies(Db::insert)]
fn a_method() {
    Db.insert();
}

#[test]
#[verifies(crate::limits::per_client)]
fn below_test() {}

#[verifies(ensure_owner)]
#[test]
fn above_test() {}

#[verifies(ensure_owner, threat = bola)]
#[tokio::test]
async fn above_tokio_test() {}

#[tokio::test]
#[verifies(ensure_owner, threat = bola)]
async fn below_tokio_test() {}

fn main() {
    bare_path();
    narrowed_to_a_threat_and_written_as_a_string();
    every_control_of_a_threat_on_a_handler();
    a_method();
    let _ = get_account();
    limits::per_client();
}
