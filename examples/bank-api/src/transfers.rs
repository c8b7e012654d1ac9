//! Transfers: move money out of one of the caller's accounts, and list an account's transfers.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use threatmodel::{endpoint, mitigation, threat};

use crate::accounts::{ensure_owner, owned_account};
use crate::architecture::Internet;
use crate::auth::{AuthUser, require_jwt};
use crate::db::{Db, TransferError};
use crate::error::ApiError;
use crate::limits::{Page, rate_limit_by_user};
use crate::model::{Account, CURRENCIES, NewTransfer, Transfer, TransferOrder, parse_amount};
use crate::webhooks::{notify_transfer, validate_webhook_url};
use crate::{AppState, blocking};

/// Longest transfer reference, in characters.
pub const MAX_REFERENCE_CHARS: usize = 140;

/// A transfer request's fields: a positive decimal amount with at most two decimals and at
/// most [`crate::model::MAX_AMOUNT_MINOR`] minor units (no floats, signs or exponents), a
/// currency out of [`CURRENCIES`], a destination other than the source, and a printable
/// reference of at most [`MAX_REFERENCE_CHARS`] characters.
#[mitigation(input_validation)]
pub fn validate_transfer(
    user: &AuthUser,
    from_account: i64,
    request: NewTransfer,
) -> Result<TransferOrder, ApiError> {
    let amount_minor = parse_amount(&request.amount).ok_or_else(|| {
        ApiError::Unprocessable(
            "amount: a positive decimal string with at most two decimals".to_owned(),
        )
    })?;
    if !CURRENCIES.contains(&request.currency.as_str()) {
        return Err(ApiError::Unprocessable(format!(
            "currency: one of {}",
            CURRENCIES.join(", ")
        )));
    }
    if request.to_account == from_account {
        return Err(ApiError::Unprocessable(
            "to_account: must differ from the source account".to_owned(),
        ));
    }
    let reference = request.reference.map(|r| r.trim().to_owned());
    if reference
        .as_ref()
        .is_some_and(|r| r.chars().count() > MAX_REFERENCE_CHARS || r.chars().any(char::is_control))
    {
        return Err(ApiError::Unprocessable(format!(
            "reference: at most {MAX_REFERENCE_CHARS} printable characters"
        )));
    }
    let created_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    Ok(TransferOrder {
        initiated_by: user.id,
        from_account,
        to_account: request.to_account,
        amount_minor,
        currency: request.currency,
        reference: reference.filter(|r| !r.is_empty()),
        created_at,
    })
}

impl From<TransferError> for ApiError {
    fn from(err: TransferError) -> Self {
        match err {
            TransferError::SourceNotFound => ApiError::NotFound,
            TransferError::DestinationNotFound => {
                ApiError::Unprocessable("to_account: no such account".to_owned())
            }
            TransferError::CurrencyMismatch => ApiError::Unprocessable(
                "currency: both accounts must hold the transfer's currency".to_owned(),
            ),
            TransferError::InsufficientFunds => {
                ApiError::Unprocessable("insufficient funds".to_owned())
            }
            TransferError::BalanceOverflow => {
                ApiError::Unprocessable("the destination cannot receive this amount".to_owned())
            }
            TransferError::Db(err) => err.into(),
        }
    }
}

/// Moves money from one of the caller's accounts to any account in the same currency,
/// atomically, then notifies the webhooks of both parties.
#[endpoint(
    "POST /accounts/{id}/transfers",
    boundary = Internet,
    exposes = [Account, Transfer],
    auth = "required"
)]
#[threat(broken_authentication, mitigated_by = require_jwt)]
#[threat(bola, mitigated_by = [ensure_owner, Db::transfer], assets = [Account])]
#[threat(mass_assignment, mitigated_by = validate_transfer)]
#[threat(
    tampering,
    mitigated_by = [validate_transfer, Db::transfer],
    description = "negative, fractional-cent or overflowing amounts, or a race between two \
                   transfers, create or destroy money"
)]
#[threat(sql_injection, mitigated_by = Db::transfer)]
#[threat(repudiation, mitigated_by = Db::transfer)]
#[threat(sensitive_business_flows, mitigated_by = rate_limit_by_user)]
#[threat(
    replay,
    transferred = "platform team: the API gateway requires an Idempotency-Key on POST \
                   /accounts/*/transfers and drops repeats",
    ticket = "PLAT-87"
)]
#[threat(ssrf, mitigated_by = validate_webhook_url)]
pub async fn create_transfer(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
    Json(request): Json<NewTransfer>,
) -> Result<(StatusCode, Json<Transfer>), ApiError> {
    owned_account(&state, &user, id).await?;
    let order = validate_transfer(&user, id, request)?;
    let db_state = state.clone();
    let (transfer, recipient) = blocking(move || Ok(db_state.db.transfer(&order)?)).await?;
    tokio::spawn(notify_transfer(state, transfer.clone(), recipient));
    Ok((StatusCode::CREATED, Json(transfer)))
}

/// Lists the transfers into and out of one of the caller's accounts, newest first, a page at a
/// time.
#[endpoint(
    "GET /accounts/{id}/transfers",
    boundary = Internet,
    exposes = [Transfer],
    auth = "required"
)]
#[threat(broken_authentication, mitigated_by = require_jwt)]
#[threat(bola, mitigated_by = ensure_owner)]
#[threat(unrestricted_resource_consumption, mitigated_by = [Page, rate_limit_by_user])]
#[threat(sql_injection, mitigated_by = Db::transfers_of)]
pub async fn list_transfers(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
    Query(page): Query<Page>,
) -> Result<Json<Vec<Transfer>>, ApiError> {
    let account = owned_account(&state, &user, id).await?;
    let (limit, offset) = (page.limit(), page.offset());
    let transfers = blocking(move || Ok(state.db.transfers_of(account.id, limit, offset)?)).await?;
    Ok(Json(transfers))
}
