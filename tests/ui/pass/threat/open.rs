//! `#[threat(KIND, open = "...", ticket = "...")]`: a known weakness, not fixed yet, on a
//! function, a struct, a method of a `#[mitigations]` impl block and another method; with and
//! without its optional `owner` and `expires`.

use threatmodel::{Disposition, Level, endpoint, mitigation, mitigations, threat, trust_boundary};
use threatmodel_tests::{collect, threat};

/// Anyone on the internet.
#[trust_boundary]
pub struct Internet;

#[endpoint("PUT /posts/{id}", boundary = Internet)]
#[threat(bola, open = "update does not check the author", ticket = "SEC-142", owner = "api-team")]
#[threat(
    mass_assignment,
    open = "the whole body is bound, `author_id` included",
    ticket = "SEC-143",
    owner = "api-team",
    expires = "2028-02-29",
    severity = high,
    description = "A caller can reassign a post"
)]
pub fn update_post() {}

/// A draft; nothing limits its size yet.
#[threat(unrestricted_resource_consumption, open = "no size limit on drafts", ticket = "SEC-7")]
pub struct Draft;

pub struct Db;

#[mitigations]
impl Db {
    /// Binds every value.
    #[mitigation(parameterized_queries)]
    pub fn insert(&self) {}

    /// Not a control; its open threat is recorded under `Db::raw`.
    #[threat(sql_injection, open = "the report query is formatted", ticket = "SEC-9")]
    pub fn raw(&self) {}
}

pub struct Handlers;

impl Handlers {
    #[threat(custom = "coupon-abuse", stride = "tampering", open = "coupons stack", ticket = "SHOP-1")]
    pub fn redeem(&self) {}
}

fn main() {
    let model = collect();
    assert_eq!(
        threat(&model, "update_post", "broken_object_level_authorization").disposition,
        Disposition::Open {
            reason: "update does not check the author".to_owned(),
            ticket: "SEC-142".to_owned(),
            owner: Some("api-team".to_owned()),
            expires: None,
        }
    );
    let mass = threat(&model, "update_post", "mass_assignment");
    assert_eq!(
        mass.disposition,
        Disposition::Open {
            reason: "the whole body is bound, `author_id` included".to_owned(),
            ticket: "SEC-143".to_owned(),
            owner: Some("api-team".to_owned()),
            expires: Some("2028-02-29".to_owned()),
        }
    );
    assert_eq!(mass.severity, Some(Level::High));
    assert_eq!(mass.description.as_deref(), Some("A caller can reassign a post"));
    assert_eq!(
        threat(&model, "Draft", "unrestricted_resource_consumption").disposition,
        Disposition::Open {
            reason: "no size limit on drafts".to_owned(),
            ticket: "SEC-7".to_owned(),
            owner: None,
            expires: None,
        }
    );
    assert!(matches!(
        &threat(&model, "Db::raw", "sql_injection").disposition,
        Disposition::Open { ticket, .. } if ticket == "SEC-9"
    ));
    assert!(matches!(
        &threat(&model, "redeem", "coupon-abuse").disposition,
        Disposition::Open { ticket, .. } if ticket == "SHOP-1"
    ));
    assert_eq!(model.summary().open, 5);
    assert!(model.validate().is_empty(), "{:#?}", model.validate());

    update_post();
    Db.insert();
    Db.raw();
    Handlers.redeem();
    let _ = Draft;
}
