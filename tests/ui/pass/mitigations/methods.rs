//! Methods registered by `#[mitigations]` on their impl block, referenced as `Type::method`, from
//! the same module and through paths.

use threatmodel::{mitigation, mitigations, threat};
use threatmodel_tests::{collect, ids, mitigated_by, mitigation, threat};

pub struct Db;

#[mitigations]
impl Db {
    /// Binds every value; never formats SQL.
    #[mitigation(parameterized_queries)]
    pub fn insert_transfer(&self) -> usize {
        1
    }

    /// Caps page sizes at 100.
    #[mitigation(pagination_limit, description = "LIMIT is clamped")]
    pub fn page(size: usize) -> usize {
        size.min(100)
    }

    /// Not a control; its threat is recorded under `Db::raw`, the impl block's type.
    #[threat(sql_injection, mitigated_by = Db::insert_transfer)]
    pub fn raw(&self) {}
}

pub mod auth {
    use threatmodel::{mitigation, mitigations};

    pub struct Session<T>(pub T);

    #[mitigations]
    impl<T: Clone> Session<T> {
        #[mitigation(session_management)]
        pub fn rotate(&self) -> T {
            self.0.clone()
        }
    }
}

#[threat(sql_injection, mitigated_by = Db::insert_transfer)]
#[threat(unrestricted_resource_consumption, mitigated_by = "Db::page")]
#[threat(broken_authentication, mitigated_by = auth::Session::<u8>::rotate)]
pub fn create_transfer() {}

pub struct Handlers;

impl Handlers {
    #[threat(injection, mitigated_by = [Db::insert_transfer, crate::Db::page])]
    pub fn search(&self) {}
}

fn main() {
    let model = collect();
    let of = |paths: &[&str]| ids(&model.mitigations, |m| &m.id, paths);

    assert_eq!(mitigation(&model, "Db::insert_transfer").controls, ["parameterized_queries"]);
    assert_eq!(
        mitigation(&model, "Db::insert_transfer").description.as_deref(),
        Some("Binds every value; never formats SQL.")
    );
    assert_eq!(mitigation(&model, "Db::page").description.as_deref(), Some("LIMIT is clamped"));
    assert_eq!(mitigation(&model, "Session::rotate").controls, ["session_management"]);
    assert_eq!(model.mitigations.len(), 3);

    assert_eq!(mitigated_by(threat(&model, "create_transfer", "sql_injection")), of(&["Db::insert_transfer"]));
    assert_eq!(
        mitigated_by(threat(&model, "create_transfer", "unrestricted_resource_consumption")),
        of(&["Db::page"])
    );
    assert_eq!(
        mitigated_by(threat(&model, "create_transfer", "broken_authentication")),
        of(&["Session::rotate"])
    );
    assert_eq!(mitigated_by(threat(&model, "search", "injection")), of(&["Db::insert_transfer", "Db::page"]));

    // `#[mitigations]` passes its type to the threats of its methods; other impl blocks cannot.
    let subjects: Vec<&str> = model.threats.iter().map(|t| t.subject.as_str()).collect();
    assert!(subjects.iter().any(|s| s.ends_with("::Db::raw")), "{subjects:?}");
    assert!(subjects.iter().any(|s| s.ends_with("::search") && !s.contains("Handlers")), "{subjects:?}");

    // The methods keep working.
    assert_eq!(Db.insert_transfer(), 1);
    assert_eq!(Db::page(500), 100);
    Db.raw();
    assert_eq!(auth::Session(7).rotate(), 7);
    Handlers.search();
    create_transfer();
}
