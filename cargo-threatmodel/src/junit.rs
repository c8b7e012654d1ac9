//! JUnit XML test reports in cargo-nextest's layout, read for `--test-results FILE`.
//!
//! nextest writes one `<testsuite name="BINARY-ID">` per test binary (`package` for a library's
//! unit tests, `package::test-target`, `package::bin/name`) holding one `<testcase name="NAME">`
//! per test run, NAME being the libtest name (`tests::refuses_other_owner`). A test case with a
//! `<failure>` or `<error>` child failed, one with `<skipped>` was not run (ignored), any other
//! passed. The format is the de-facto JUnit schema that Jenkins and GitLab read; other producers
//! (cargo2junit) use the same elements.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use threatmodel::model::TestStatus;

use crate::error::Error;
use crate::evidence::Suite;

/// The suites of the JUnit report at `path`, in document order.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read; [`Error::Junit`] when it is not well-formed XML,
/// or a `<testsuite>` or `<testcase>` has no `name`.
pub(crate) fn read(path: &Path) -> Result<Vec<Suite>, Error> {
    let text = std::fs::read_to_string(path).map_err(|err| Error::Io(path.to_owned(), err))?;
    parse(&text).map_err(|why| Error::Junit(path.to_owned(), why))
}

/// The suites of the JUnit report `text`; the reason, with its byte offset, when it is not one.
pub(crate) fn parse(text: &str) -> Result<Vec<Suite>, String> {
    let mut reader = Reader::from_str(text);
    let mut suites: Vec<Suite> = Vec::new();
    // The test case being read: its name and status so far.
    let mut case: Option<(String, TestStatus)> = None;
    let mut seen_root = false;
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|err| format!("malformed XML at byte {at}: {err}"))?;
        match event {
            Event::Start(element) | Event::Empty(element)
                if element.name().as_ref() == b"testsuite" =>
            {
                seen_root = true;
                let name = name_of(&element, "testsuite", at)?;
                suites.push(Suite::from_binary_id(&name, Vec::new()));
            }
            Event::Start(element) if element.name().as_ref() == b"testcase" => {
                case = Some((name_of(&element, "testcase", at)?, TestStatus::Passed));
            }
            Event::Empty(element) if element.name().as_ref() == b"testcase" => {
                let name = name_of(&element, "testcase", at)?;
                push(&mut suites, name, TestStatus::Passed, at)?;
            }
            Event::Start(element) | Event::Empty(element) => {
                let status = match element.name().as_ref() {
                    b"failure" | b"error" => Some(TestStatus::Failed),
                    b"skipped" => Some(TestStatus::Ignored),
                    b"testsuites" => {
                        seen_root = true;
                        None
                    }
                    _ => None,
                };
                if let (Some(status), Some((_, current))) = (status, case.as_mut())
                    && *current != TestStatus::Failed
                {
                    *current = status;
                }
            }
            Event::End(element) if element.name().as_ref() == b"testcase" => {
                if let Some((name, status)) = case.take() {
                    push(&mut suites, name, status, at)?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err("no `<testsuites>` or `<testsuite>` element: not a JUnit report".to_owned());
    }
    Ok(suites)
}

/// Adds test case `name` to the last suite.
fn push(suites: &mut [Suite], name: String, status: TestStatus, at: u64) -> Result<(), String> {
    match suites.last_mut() {
        Some(suite) => {
            suite.tests.push((name, status));
            Ok(())
        }
        None => Err(format!("`<testcase>` outside a `<testsuite>` at byte {at}")),
    }
}

/// The `name` attribute of `element`, unescaped.
fn name_of(element: &BytesStart<'_>, what: &str, at: u64) -> Result<String, String> {
    let attribute = element
        .try_get_attribute("name")
        .map_err(|err| format!("malformed `<{what}>` at byte {at}: {err}"))?
        .ok_or_else(|| format!("`<{what}>` without a `name` at byte {at}"))?;
    attribute
        .unescape_value()
        .map(|value| value.into_owned())
        .map_err(|err| format!("malformed `name` of `<{what}>` at byte {at}: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report as cargo-nextest 0.9 writes it (`[profile.ci.junit] path = "junit.xml"`).
    const NEXTEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="nextest-run" tests="4" failures="1" errors="0" uuid="0" timestamp="2026-01-01T00:00:00Z" time="0.1">
    <testsuite name="bank-api" tests="1" disabled="0" errors="0" failures="0">
        <testcase name="auth::tests::expired_token_is_refused" classname="bank-api" timestamp="2026-01-01T00:00:00Z" time="0.01"/>
    </testsuite>
    <testsuite name="bank-api::controls" tests="3" disabled="0" errors="0" failures="1">
        <testcase name="another_users_account_is_refused" classname="bank-api::controls" time="0.02">
            <failure type="test failure">thread panicked at tests/controls.rs:10:5</failure>
            <system-out>assertion failed</system-out>
        </testcase>
        <testcase name="burst_is_throttled" classname="bank-api::controls" time="0.02">
            <skipped/>
        </testcase>
        <testcase name="a &amp; b" classname="bank-api::controls" time="0.02"></testcase>
    </testsuite>
    <testsuite name="bank-api::bin/bank-api" tests="0"/>
</testsuites>
"#;

    #[test]
    fn reads_suites_cases_and_outcomes_of_a_nextest_report() {
        let suites = parse(NEXTEST).unwrap();
        type Summary<'s> = (&'s str, &'s str, &'s str, Vec<(&'s str, TestStatus)>);
        let summary: Vec<Summary<'_>> = suites
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    s.package.as_str(),
                    s.krate.as_str(),
                    s.tests.iter().map(|(n, st)| (n.as_str(), *st)).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "bank-api",
                    "bank-api",
                    "bank_api",
                    vec![("auth::tests::expired_token_is_refused", TestStatus::Passed)]
                ),
                (
                    "bank-api::controls",
                    "bank-api",
                    "controls",
                    vec![
                        ("another_users_account_is_refused", TestStatus::Failed),
                        ("burst_is_throttled", TestStatus::Ignored),
                        ("a & b", TestStatus::Passed),
                    ]
                ),
                ("bank-api::bin/bank-api", "bank-api", "bank_api", vec![]),
            ]
        );
    }

    #[test]
    fn rejects_what_is_not_a_junit_report() {
        assert!(
            parse("<html><body/></html>")
                .unwrap_err()
                .contains("not a JUnit report")
        );
        assert!(parse("<testsuites><testsuite>").is_err());
        assert!(
            parse("<testsuites><testsuite name=\"x\"><testcase/></testsuite></testsuites>")
                .unwrap_err()
                .contains("without a `name`")
        );
        assert!(
            parse("<testsuites><testcase name=\"t\"/></testsuites>")
                .unwrap_err()
                .contains("outside a `<testsuite>`")
        );
    }
}
