//! `Model::validate`: what a saved model must satisfy to be rendered (`report --from`).

mod fixtures;

use threatmodel::Disposition;

#[test]
fn assembled_fixtures_are_consistent() {
    for model in [
        fixtures::bank(),
        fixtures::hostile(),
        fixtures::every_kind(),
    ] {
        assert_eq!(model.validate(), vec![]);
    }
    assert_eq!(threatmodel::Model::empty().validate(), vec![]);
}

/// The messages of the problems `validate` finds after `edit` is applied to the bank fixture.
fn problems_after(edit: impl FnOnce(&mut threatmodel::Model)) -> Vec<String> {
    let mut model = fixtures::bank();
    edit(&mut model);
    model.validate().into_iter().map(|p| p.message).collect()
}

#[test]
fn dangling_references_are_named() {
    let problems = problems_after(|m| {
        m.endpoints[0].exposes.push("nowhere::Secret".to_owned());
        m.data_flows[0].to = "nowhere::Db".to_owned();
    });
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`exposes` names `nowhere::Secret`"))
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`to` names `nowhere::Db`"))
    );
}

#[test]
fn duplicate_ids_and_parent_cycles_are_found() {
    let problems = problems_after(|m| {
        let twin = m.components[0].clone();
        m.components.push(twin);
        let (a, b) = (
            m.trust_boundaries[0].id.clone(),
            m.trust_boundaries[1].id.clone(),
        );
        m.trust_boundaries[0].parent = Some(b);
        m.trust_boundaries[1].parent = Some(a);
    });
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("two components have the id")),
        "{problems:#?}"
    );
    assert_eq!(
        problems
            .iter()
            .filter(|p| p.contains("is its own ancestor"))
            .count(),
        2,
        "{problems:#?}"
    );
}

#[test]
fn dates_reasons_and_rules_are_checked() {
    let problems = problems_after(|m| {
        let accepted = m
            .threats
            .iter_mut()
            .find(|t| matches!(t.disposition, Disposition::Accepted { .. }))
            .expect("the fixture accepts a risk");
        if let Disposition::Accepted {
            expires, reason, ..
        } = &mut accepted.disposition
        {
            *expires = Some("2026-2-01".to_owned());
            *reason = "  ".to_owned();
        }
        m.suppressions.push(threatmodel::model::Suppression {
            item: "bank_api::api::get_account".to_owned(),
            rule: "no_such_rule".to_owned(),
            reason: "because".to_owned(),
            location: m.endpoints[0].location.clone(),
        });
        m.endpoints[0].method = "get".to_owned();
    });
    for expected in [
        "`expires = \"2026-2-01\"`",
        "gives no reason",
        "`allow` names no rule `no_such_rule`",
        "has the method `get`",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected}: {problems:#?}"
        );
    }
}

#[test]
fn open_weaknesses_need_a_reason_a_ticket_and_a_calendar_date() {
    let problems = problems_after(|m| {
        let open = m
            .threats
            .iter_mut()
            .find(|t| matches!(t.disposition, Disposition::Open { .. }))
            .expect("the fixture has an open weakness");
        open.disposition = Disposition::Open {
            reason: " ".to_owned(),
            ticket: String::new(),
            owner: None,
            expires: Some("2025-02-30".to_owned()),
        };
    });
    let id = "bank_api::api::create_transfer#mass_assignment";
    assert_eq!(
        problems,
        [
            format!("`expires = \"2025-02-30\"` of `{id}` is not a calendar date (`YYYY-MM-DD`)"),
            format!("the open weakness `{id}` does not say what is wrong"),
            format!("the open weakness `{id}` names no ticket"),
        ],
    );
}

#[test]
fn problems_already_in_the_model_are_not_repeated() {
    let mut model = fixtures::bank();
    model.data_flows[0].to = "nowhere::Db".to_owned();
    let found = model.validate();
    assert_eq!(found.len(), 1);
    model.problems.extend(found);
    assert_eq!(model.validate(), vec![]);
}

#[test]
fn one_route_twice_on_one_handler_is_one_problem_that_names_the_handler_once() {
    let problems = problems_after(|m| {
        let mut twin = m.endpoints[0].clone();
        twin.location.line += 1;
        m.endpoints.push(twin);
    });
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let endpoint = &fixtures::bank().endpoints[0];
    let expected = format!(
        "`{} {}` is declared twice on `{}` (the other `#[endpoint]` is at {});",
        endpoint.method, endpoint.route, endpoint.handler, endpoint.location
    );
    assert!(problems[0].starts_with(&expected), "{problems:#?}");
}

#[test]
fn assumptions_must_say_what_is_assumed_and_have_unique_ids() {
    let assumption = |id: &str, text: &str, line: u32| threatmodel::model::Assumption {
        id: id.to_owned(),
        name: id.rsplit("::").next().unwrap_or(id).to_owned(),
        text: text.to_owned(),
        description: None,
        owner: None,
        location: fixtures::at("src/lib.rs", line),
    };
    let problems = problems_after(|model| {
        model.assumptions = vec![
            assumption("bank_api::Blank", " ", 1),
            assumption("bank_api::Tls", "TLS ends at the load balancer", 2),
            assumption("bank_api::Tls", "TLS ends at the load balancer", 3),
        ];
    });
    assert_eq!(
        problems,
        [
            "the assumption `bank_api::Blank` does not say what is assumed",
            "two assumptions have the id `bank_api::Tls` (the other is at src/lib.rs:2:1): two \
             items of one name in one module, or in an inline `mod` of a crate whose code was \
             not read",
        ]
    );
}
