//! `marker = Name`: the escape when a control's own name is taken in the type namespace (a route
//! macro's type, a same-name module) or when the control is a generic type.

use threatmodel::{mitigation, threat};
use threatmodel_tests::{collect, ids, mitigated_by, mitigation, threat};

/// What Rocket's route macros emit beside a handler: a type named like it.
#[allow(non_camel_case_types)]
pub struct get_account {}

/// The handler compares the account's owner with the caller inline.
#[mitigation(authorization, marker = OwnerCheck)]
#[threat(bola, mitigated_by = OwnerCheck)]
pub fn get_account() {}

/// A module named like the control.
pub mod require_jwt {}

#[mitigation(authentication, marker = RequireJwt)]
pub fn require_jwt() {}

/// A request body that passed validation.
#[mitigation(input_validation, marker = ValidatedBody)]
pub struct Validated<T>(pub T);

#[threat(broken_authentication, mitigated_by = RequireJwt)]
#[threat(mass_assignment, mitigated_by = "ValidatedBody")]
pub fn update_profile() {}

fn main() {
    let model = collect();
    let of = |paths: &[&str]| ids(&model.mitigations, |m| &m.id, paths);

    assert_eq!(mitigation(&model, "get_account").marker.as_deref(), Some("OwnerCheck"));
    assert_eq!(mitigated_by(threat(&model, "get_account", "broken_object_level_authorization")), of(&["get_account"]));
    assert_eq!(mitigated_by(threat(&model, "update_profile", "broken_authentication")), of(&["require_jwt"]));
    assert_eq!(mitigated_by(threat(&model, "update_profile", "mass_assignment")), of(&["Validated"]));

    let _ = (get_account {}, Validated(1).0);
    get_account();
    require_jwt();
    update_profile();
}
