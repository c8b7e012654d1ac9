//! `cargo threatmodel check`: the CI verdict.
//!
//! Exit 0 when the model builds, has no problems and no accepted risk has expired; 1 when the
//! build fails only on threatmodel's own errors, the model has problems (unresolved or ambiguous
//! references, duplicate ids) or an accepted risk has expired; 2 for anything else.

use threatmodel::Disposition;

use crate::build::Build;
use crate::diagnostic::{self, Level};
use crate::error::Error;
use crate::exit_codes;
use crate::selection::Selection;

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    selection: Selection,
    #[command(flatten)]
    today: super::Today,
}

/// Builds the model, prints diagnostics to standard error and returns the exit code.
pub(crate) fn run(args: &Args) -> Result<i32, Error> {
    let today = args.today.date()?;
    let build = match Build::run_to_model(&args.selection)? {
        Ok(build) => build,
        Err(code) => return Ok(code),
    };
    // A problem means the model is not what the annotations say (a reference that resolves to
    // nothing, two elements with one id): the threat model is at fault.
    print_problems(&build, Level::Error);
    let expired = build.model.expired_acceptances(&today);
    for threat in &expired {
        let Disposition::Accepted {
            reason,
            owner,
            expires,
            ticket,
        } = &threat.disposition
        else {
            continue;
        };
        let mut notes = vec![format!(
            "accepted{}: {reason}",
            owner
                .as_ref()
                .map(|o| format!(" by {o}"))
                .unwrap_or_default()
        )];
        if let Some(ticket) = ticket {
            notes.push(format!("ticket: {ticket}"));
        }
        eprint!(
            "{}",
            diagnostic::render(
                Level::Error,
                &format!(
                    "accepted risk `{}` on `{}` expired on {}",
                    threat.kind,
                    threat.subject,
                    expires.as_deref().unwrap_or_default()
                ),
                &threat.location,
                &build.workspace_root,
                &notes,
                &[
                    "mitigate the threat, or review the decision and set a new `expires` date"
                        .to_owned()
                ],
            )
        );
    }
    let summary = build.model.summary();
    eprintln!(
        "threat model of {}: {} endpoint(s), {} threat(s): {} mitigated, {} accepted ({} expired), {} transferred; {} problem(s)",
        build.title,
        build.model.endpoints.len(),
        build.model.threats.len(),
        summary.mitigated,
        summary.accepted,
        expired.len(),
        summary.transferred,
        build.model.problems.len(),
    );
    Ok(if expired.is_empty() && build.model.problems.is_empty() {
        exit_codes::CLEAN
    } else {
        exit_codes::FINDINGS
    })
}

/// Prints the model's problems (unresolved references and the like) at `level`: errors for
/// `check`, which fails on them, warnings for `report` and `export`, which still render.
pub(crate) fn print_problems(build: &Build, level: Level) {
    for problem in &build.model.problems {
        eprint!(
            "{}",
            diagnostic::render(
                level,
                &problem.message,
                &problem.location,
                &build.workspace_root,
                &[],
                &[],
            )
        );
    }
}
