//! Accounts: open, list and read the caller's own accounts.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use threatmodel::{endpoint, mitigation, threat};

use crate::architecture::Internet;
use crate::auth::{AuthUser, require_jwt};
use crate::db::Db;
use crate::error::ApiError;
use crate::limits::rate_limit_by_user;
use crate::model::{Account, CURRENCIES, NewAccount};
use crate::{AppState, blocking};

/// The caller must own the account: another user's account answers 404, exactly like an
/// account that does not exist, so ids cannot be probed.
#[mitigation(authorization)]
pub fn ensure_owner(user: &AuthUser, account: &Account) -> Result<(), ApiError> {
    if account.owner_id == user.id {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// Loads an account and checks that the caller owns it.
pub(crate) async fn owned_account(
    state: &AppState,
    user: &AuthUser,
    id: i64,
) -> Result<Account, ApiError> {
    let state = state.clone();
    let account = blocking(move || Ok(state.db.account(id)?))
        .await?
        .ok_or(ApiError::NotFound)?;
    ensure_owner(user, &account)?;
    Ok(account)
}

/// A new account's name (1 to 64 printable characters) and currency (one of [`CURRENCIES`]);
/// unknown fields such as `balance` or `owner_id` are refused when the body is parsed.
#[mitigation(input_validation)]
pub fn validate_new_account(request: &NewAccount) -> Result<(), ApiError> {
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(ApiError::Unprocessable(
            "name: 1 to 64 printable characters".to_owned(),
        ));
    }
    if !CURRENCIES.contains(&request.currency.as_str()) {
        return Err(ApiError::Unprocessable(format!(
            "currency: one of {}",
            CURRENCIES.join(", ")
        )));
    }
    Ok(())
}

/// Lists the caller's accounts.
#[endpoint("GET /accounts", boundary = Internet, exposes = [Account], auth = "required")]
#[threat(broken_authentication, mitigated_by = require_jwt)]
#[threat(bola, mitigated_by = Db::accounts_of)]
#[threat(sql_injection, mitigated_by = Db::accounts_of)]
#[threat(
    unrestricted_resource_consumption,
    mitigated_by = rate_limit_by_user,
    residual = "unpaged, but the account quota bounds the list"
)]
pub async fn list_accounts(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<Account>>, ApiError> {
    let accounts = blocking(move || Ok(state.db.accounts_of(user.id)?)).await?;
    Ok(Json(accounts))
}

/// Opens an account for the caller, credited with the configured welcome amount.
#[endpoint("POST /accounts", boundary = Internet, exposes = [Account], auth = "required")]
#[threat(broken_authentication, mitigated_by = require_jwt)]
#[threat(mass_assignment, mitigated_by = validate_new_account)]
#[threat(
    sensitive_business_flows,
    mitigated_by = [Db::insert_account, rate_limit_by_user],
    residual = "one person can still register several users to collect welcome credits",
    description = "accounts farmed for their welcome credit"
)]
#[threat(sql_injection, mitigated_by = Db::insert_account)]
pub async fn create_account(
    State(state): State<AppState>,
    user: AuthUser,
    Json(request): Json<NewAccount>,
) -> Result<(StatusCode, Json<Account>), ApiError> {
    validate_new_account(&request)?;
    let max = state.config.max_accounts_per_user;
    let opening = state.config.opening_balance_minor;
    let account = blocking(move || {
        Ok(state.db.insert_account(
            user.id,
            request.name.trim(),
            &request.currency,
            opening,
            max,
        )?)
    })
    .await?
    .ok_or_else(|| ApiError::Conflict(format!("at most {max} accounts per user")))?;
    Ok((StatusCode::CREATED, Json(account)))
}

/// Returns one of the caller's accounts with its balance.
#[endpoint("GET /accounts/{id}", boundary = Internet, exposes = [Account], auth = "required")]
#[threat(broken_authentication, mitigated_by = require_jwt)]
#[threat(bola, mitigated_by = ensure_owner)]
#[threat(sql_injection, mitigated_by = Db::account)]
pub async fn get_account(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> Result<Json<Account>, ApiError> {
    Ok(Json(owned_account(&state, &user, id).await?))
}
