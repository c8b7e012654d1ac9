//! References across modules: string paths, bare paths, `crate::`, `super::`, `self::` and names
//! brought in by `use` (which imports a `#[mitigation] fn`'s marker along with the fn).

use threatmodel::threat;
use threatmodel_tests::{collect, ids, mitigated_by, threat};

pub mod db {
    use threatmodel::mitigation;

    /// Binds every value.
    #[mitigation(parameterized_queries)]
    pub fn parameterized_queries() {}

    pub mod admin {
        use threatmodel::{mitigation, threat};

        #[mitigation(audit_logging)]
        pub fn audit() {}

        #[threat(repudiation, mitigated_by = self::audit)]
        #[threat(sql_injection, mitigated_by = super::parameterized_queries)]
        #[threat(tampering, mitigated_by = crate::db::admin::audit)]
        pub fn purge() {}
    }
}

pub mod api {
    use threatmodel::threat;

    use crate::db::admin::audit;

    #[threat(injection, mitigated_by = "crate::db::parameterized_queries")]
    #[threat(repudiation, mitigated_by = audit)]
    pub fn search() {}
}

#[threat(injection, mitigated_by = "db::parameterized_queries")]
#[threat(sql_injection, mitigated_by = db::parameterized_queries)]
#[threat(repudiation, mitigated_by = [db::admin::audit, "crate::db::admin::audit"])]
pub fn create_transfer() {}

fn main() {
    let model = collect();
    let of = |paths: &[&str]| ids(&model.mitigations, |m| &m.id, paths);
    let queries = of(&["parameterized_queries"]);
    let audit = of(&["audit"]);

    assert_eq!(mitigated_by(threat(&model, "create_transfer", "injection")), queries);
    assert_eq!(mitigated_by(threat(&model, "create_transfer", "sql_injection")), queries);
    assert_eq!(mitigated_by(threat(&model, "create_transfer", "repudiation")), [audit.clone(), audit.clone()].concat());
    assert_eq!(mitigated_by(threat(&model, "purge", "repudiation")), audit);
    assert_eq!(mitigated_by(threat(&model, "purge", "sql_injection")), queries);
    assert_eq!(mitigated_by(threat(&model, "purge", "tampering")), audit);
    assert_eq!(mitigated_by(threat(&model, "search", "injection")), queries);
    assert_eq!(mitigated_by(threat(&model, "search", "repudiation")), audit);

    create_transfer();
    api::search();
    db::admin::purge();
}
