//! References to mitigations defined in another crate (`tests/support/tm-controls`): a function,
//! a type and a method registered by `#[mitigations]`, by full path and through `use`.

use threatmodel::threat;
use threatmodel_tests::{collect, mitigated_by, mitigation, threat};
use tm_controls::BodyLimit;

#[threat(broken_authentication, mitigated_by = tm_controls::require_jwt)]
#[threat(unrestricted_resource_consumption, mitigated_by = BodyLimit)]
#[threat(sql_injection, mitigated_by = "tm_controls::Pool::query")]
pub fn create_transfer() {}

fn main() {
    // Linking the library: a crate whose items the program never uses is not linked, and its
    // registry entries are then absent (DESIGN.md §4).
    assert!(tm_controls::require_jwt());

    let model = collect();
    let jwt = mitigation(&model, "tm_controls::require_jwt");
    assert_eq!(jwt.location.krate, "tm_controls");
    assert_eq!(jwt.applies_to, ["/api/*"]);
    assert_eq!(mitigated_by(threat(&model, "create_transfer", "broken_authentication")), [jwt.id.clone()]);
    assert_eq!(
        mitigated_by(threat(&model, "create_transfer", "unrestricted_resource_consumption")),
        [mitigation(&model, "tm_controls::BodyLimit").id.clone()]
    );
    assert_eq!(
        mitigated_by(threat(&model, "create_transfer", "sql_injection")),
        [mitigation(&model, "tm_controls::Pool::query").id.clone()]
    );

    create_transfer();
    let _ = (BodyLimit, tm_controls::Pool.query("SELECT 1"));
}
