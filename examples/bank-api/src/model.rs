//! The data the bank holds (the assets of the threat model) and the request bodies it accepts.

use serde::{Deserialize, Serialize, Serializer};
use threatmodel::asset;

/// Currencies accounts may hold (ISO 4217 codes).
pub const CURRENCIES: &[&str] = &["CHF", "EUR", "GBP", "USD"];

/// Largest amount one transfer may move, in minor units (one billion in major units).
pub const MAX_AMOUNT_MINOR: i64 = 100_000_000_000;

/// A registered customer: login name and Argon2id password hash. Never serialized.
#[asset(critical, data = "credentials")]
#[derive(Debug, Clone)]
pub struct User {
    /// Database id, the `sub` of the user's tokens.
    pub id: i64,
    /// Unique login name.
    pub username: String,
    /// PHC string of the Argon2id hash of the password.
    pub password_hash: String,
}

/// A username and password as sent to `/auth/register` and `/auth/login`.
#[asset(critical, data = "credentials")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    /// Login name: 3 to 32 characters out of `a-z`, `0-9`, `.`, `_`, `-`.
    pub username: String,
    /// Password: 12 to 128 characters.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// A customer account: its owner, currency and balance.
#[asset(critical, data = "financial")]
#[derive(Debug, Clone, Serialize)]
pub struct Account {
    /// Account id, used in paths (`/accounts/{id}`).
    pub id: i64,
    /// Id of the owning user; not sent to clients.
    #[serde(skip)]
    pub owner_id: i64,
    /// Name the owner gave the account.
    pub name: String,
    /// ISO 4217 currency code, one of [`CURRENCIES`].
    pub currency: String,
    /// Balance in minor units, sent as a decimal string (`"12.34"`).
    #[serde(rename = "balance", serialize_with = "serialize_minor")]
    pub balance_minor: i64,
}

/// A completed movement of money between two accounts; rows are never updated or deleted.
#[asset(high, data = "financial")]
#[derive(Debug, Clone, Serialize)]
pub struct Transfer {
    /// Transfer id.
    pub id: i64,
    /// Debited account.
    pub from_account: i64,
    /// Credited account.
    pub to_account: i64,
    /// Amount in minor units, sent as a decimal string.
    #[serde(rename = "amount", serialize_with = "serialize_minor")]
    pub amount_minor: i64,
    /// ISO 4217 currency code.
    pub currency: String,
    /// Free text for the recipient, at most 140 characters.
    pub reference: Option<String>,
    /// Unix time (seconds) of the transfer.
    pub created_at: i64,
    /// User who made the transfer (the ledger's audit field); not sent to clients.
    #[serde(skip)]
    pub initiated_by: i64,
}

/// Where a user's transfer notifications are POSTed: an allow-listed HTTPS URL.
#[asset(medium, data = "internal", integrity = high)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// The receiver's URL.
    pub url: String,
}

/// Body of `POST /accounts`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    /// Display name, 1 to 64 characters.
    pub name: String,
    /// ISO 4217 currency code, one of [`CURRENCIES`].
    pub currency: String,
}

/// Body of `POST /accounts/{id}/transfers`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTransfer {
    /// Account to credit.
    pub to_account: i64,
    /// Decimal amount with at most two decimals, as a string (`"12.50"`).
    pub amount: String,
    /// Currency of both accounts.
    pub currency: String,
    /// Optional free text for the recipient.
    #[serde(default)]
    pub reference: Option<String>,
}

/// A validated transfer request, ready for [`crate::db::Db::transfer`].
#[derive(Debug, Clone)]
pub struct TransferOrder {
    /// The authenticated user making the transfer.
    pub initiated_by: i64,
    /// Account to debit (must be the initiator's).
    pub from_account: i64,
    /// Account to credit.
    pub to_account: i64,
    /// Positive amount in minor units, at most [`MAX_AMOUNT_MINOR`].
    pub amount_minor: i64,
    /// One of [`CURRENCIES`].
    pub currency: String,
    /// Free text for the recipient, at most 140 characters.
    pub reference: Option<String>,
    /// Unix time (seconds).
    pub created_at: i64,
}

/// Public view of a user, returned by `/auth/register`.
#[derive(Debug, Serialize)]
pub struct UserView {
    /// User id.
    pub id: i64,
    /// Login name.
    pub username: String,
}

/// Parses a positive decimal amount with at most two decimals (`"12"`, `"12.5"`, `"12.34"`)
/// into minor units; `None` for anything else, including zero, signs, exponents and amounts
/// above [`MAX_AMOUNT_MINOR`].
pub fn parse_amount(text: &str) -> Option<i64> {
    let (whole, frac) = match text.split_once('.') {
        Some((whole, frac)) => (whole, frac),
        None => (text, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 12 || !digits(whole) || frac.len() > 2 || !digits(frac) {
        return None;
    }
    if text.contains('.') && frac.is_empty() {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    let minor = whole.checked_mul(100)?.checked_add(cents)?;
    (1..=MAX_AMOUNT_MINOR).contains(&minor).then_some(minor)
}

/// Formats minor units as a decimal string with two decimals.
pub fn format_minor(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn serialize_minor<S: Serializer>(minor: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format_minor(*minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_strictly() {
        assert_eq!(parse_amount("12"), Some(1200));
        assert_eq!(parse_amount("12.5"), Some(1250));
        assert_eq!(parse_amount("0.01"), Some(1));
        assert_eq!(parse_amount("1000000000"), Some(MAX_AMOUNT_MINOR));
        for bad in [
            "",
            "0",
            "0.00",
            "-1",
            "+1",
            "1.",
            ".5",
            "1.234",
            "1e3",
            " 1",
            "1,00",
            "NaN",
            "1000000000.01",
            "99999999999999999999",
        ] {
            assert_eq!(parse_amount(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn minor_units_format_with_two_decimals() {
        assert_eq!(format_minor(0), "0.00");
        assert_eq!(format_minor(1234), "12.34");
        assert_eq!(format_minor(-5), "-0.05");
    }
}
