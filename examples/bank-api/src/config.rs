//! Run-time settings of the service, with production defaults and an environment reader.

use std::time::Duration;

use crate::auth::PasswordParams;
use crate::limits::Quota;
use crate::webhooks::WebhookPolicy;

/// Everything tunable about the service.
#[derive(Debug, Clone)]
pub struct Config {
    /// Lifetime of issued access tokens.
    pub token_ttl: Duration,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Rate limit of the unauthenticated routes (`/auth/*`), per client address.
    pub auth_quota: Quota,
    /// Rate limit of the authenticated routes, per user.
    pub api_quota: Quota,
    /// How many accounts one user may open.
    pub max_accounts_per_user: u32,
    /// Welcome credit of a new account, in minor units (a demo bank: money has to come from
    /// somewhere).
    pub opening_balance_minor: i64,
    /// Where webhooks may point.
    pub webhooks: WebhookPolicy,
    /// Deadline of one webhook delivery.
    pub webhook_timeout: Duration,
    /// Argon2id cost parameters for new password hashes.
    pub password_params: PasswordParams,
}

impl Default for Config {
    /// Production defaults: 15-minute tokens, 16 KiB bodies, 5 auth requests per minute per
    /// client (burst 10), 5 API requests per second per user (burst 20), OWASP Argon2id
    /// parameters, and no webhook host allowed until configured.
    fn default() -> Self {
        Config {
            token_ttl: Duration::from_secs(15 * 60),
            max_body_bytes: 16 * 1024,
            auth_quota: Quota {
                burst: 10,
                per_second: 5.0 / 60.0,
            },
            api_quota: Quota {
                burst: 20,
                per_second: 5.0,
            },
            max_accounts_per_user: 5,
            opening_balance_minor: 100_000,
            webhooks: WebhookPolicy::default(),
            webhook_timeout: Duration::from_secs(5),
            password_params: PasswordParams::default(),
        }
    }
}

impl Config {
    /// The defaults, overridden by `BANK_WEBHOOK_HOSTS` (comma-separated host names, `*.` for
    /// subdomains), `BANK_OPENING_BALANCE_MINOR` and `BANK_MAX_BODY_BYTES`.
    pub fn from_env() -> Result<Config, String> {
        let mut config = Config::default();
        if let Ok(hosts) = std::env::var("BANK_WEBHOOK_HOSTS") {
            config.webhooks.allowed_hosts = hosts
                .split(',')
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect();
        }
        if let Ok(value) = std::env::var("BANK_OPENING_BALANCE_MINOR") {
            config.opening_balance_minor =
                value.parse().ok().filter(|v| *v >= 0).ok_or_else(|| {
                    format!("BANK_OPENING_BALANCE_MINOR: not a non-negative integer: {value:?}")
                })?;
        }
        if let Ok(value) = std::env::var("BANK_MAX_BODY_BYTES") {
            config.max_body_bytes =
                value.parse().ok().filter(|v| *v > 0).ok_or_else(|| {
                    format!("BANK_MAX_BODY_BYTES: not a positive integer: {value:?}")
                })?;
        }
        Ok(config)
    }
}
