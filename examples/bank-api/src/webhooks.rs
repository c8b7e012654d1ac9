//! Outbound webhooks: a user registers a URL, and every transfer that touches one of the user's
//! accounts is POSTed to it. The URL is chosen by the caller, so it is checked against an
//! allow-list when registered and again before each delivery.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use reqwest::redirect::Policy;
use serde::Serialize;
use threatmodel::{data_flow, endpoint, mitigation, threat};
use url::{Host, Url};

use crate::architecture::{Internet, WebhookReceiver};
use crate::auth::{AuthUser, require_jwt};
use crate::db::Db;
use crate::error::ApiError;
use crate::model::{Transfer, WebhookConfig};
use crate::{AppState, blocking};

/// Longest accepted webhook URL.
pub const MAX_URL_LEN: usize = 2048;

/// Which webhook URLs may be registered and called.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebhookPolicy {
    /// Host names reachable over HTTPS on the default port: exact names (`hooks.example.com`)
    /// or `*.example.com` for any subdomain of `example.com`. Lower case.
    pub allowed_hosts: Vec<String>,
    /// Exact origins (`http://127.0.0.1:8080`) allowed over plain HTTP, IP literals included:
    /// for local test receivers only, never in production.
    pub insecure_test_origins: Vec<String>,
}

/// Why a webhook URL was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookUrlError {
    /// Not an absolute URL, or longer than [`MAX_URL_LEN`].
    Malformed,
    /// Not `https` (and not an allow-listed test origin).
    Scheme,
    /// Carries a username or password.
    Credentials,
    /// The host is an IP address rather than a name.
    IpLiteral,
    /// A port other than 443.
    Port,
    /// The host is not on the allow-list.
    HostNotAllowed,
}

impl std::fmt::Display for WebhookUrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WebhookUrlError::Malformed => "webhook url: not an absolute URL of at most 2048 bytes",
            WebhookUrlError::Scheme => "webhook url: only https is allowed",
            WebhookUrlError::Credentials => "webhook url: must not contain a username or password",
            WebhookUrlError::IpLiteral => {
                "webhook url: IP addresses are not allowed, use a host name"
            }
            WebhookUrlError::Port => "webhook url: only the default https port is allowed",
            WebhookUrlError::HostNotAllowed => "webhook url: host is not on the allow-list",
        })
    }
}

impl std::error::Error for WebhookUrlError {}

fn host_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => host
            .strip_suffix(suffix)
            .and_then(|label| label.strip_suffix('.'))
            .is_some_and(|label| !label.is_empty()),
        None => pattern == host,
    }
}

/// Accepts a webhook URL only if, once parsed, it is `https` on the default port to a host name
/// on the allow-list, with no userinfo and no IP literal (in any of the forms URL parsers
/// accept, such as `https://2130706433/`); or exactly matches an allow-listed test origin.
#[mitigation(url_allowlist)]
pub fn validate_webhook_url(raw: &str, policy: &WebhookPolicy) -> Result<Url, WebhookUrlError> {
    if raw.len() > MAX_URL_LEN {
        return Err(WebhookUrlError::Malformed);
    }
    let url = Url::parse(raw).map_err(|_| WebhookUrlError::Malformed)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(WebhookUrlError::Credentials);
    }
    let origin = url.origin().ascii_serialization();
    if url.scheme() == "http"
        && policy
            .insecure_test_origins
            .iter()
            .any(|allowed| allowed.trim_end_matches('/') == origin)
    {
        return Ok(url);
    }
    if url.scheme() != "https" {
        return Err(WebhookUrlError::Scheme);
    }
    let host = match url.host() {
        Some(Host::Domain(host)) => host,
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => return Err(WebhookUrlError::IpLiteral),
        None => return Err(WebhookUrlError::Malformed),
    };
    if url.port().is_some() {
        return Err(WebhookUrlError::Port);
    }
    if host.ends_with('.') || !policy.allowed_hosts.iter().any(|p| host_matches(p, host)) {
        return Err(WebhookUrlError::HostNotAllowed);
    }
    Ok(url)
}

/// The HTTP client of webhook deliveries: a deadline on connecting and on the whole exchange,
/// no redirects (a redirect could leave the allow-list), no proxy, and TLS with certificate
/// verification (rustls, the platform's roots) for every https receiver.
#[mitigation(timeout, encryption_in_transit)]
pub fn webhook_client(timeout: Duration) -> Result<reqwest::Client, String> {
    // Any provider installed earlier (by us or the host program) is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(Policy::none())
        .no_proxy()
        .user_agent(concat!("bank-api-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot build the webhook HTTP client: {e}"))
}

/// The JSON body of a transfer notification.
#[derive(Debug, Serialize)]
pub struct TransferEvent<'a> {
    /// Always `transfer.completed`.
    pub event: &'static str,
    /// `outgoing` for the payer, `incoming` for the payee.
    pub direction: &'static str,
    /// The transfer.
    pub transfer: &'a Transfer,
}

/// POSTs a transfer notification to a user's webhook, after checking the stored URL against the
/// current allow-list again. The receiver's answer is read for its status only.
#[data_flow(
    to = WebhookReceiver,
    data = [Transfer],
    protocol = "https",
    destination = "caller"
)]
#[threat(
    ssrf,
    mitigated_by = validate_webhook_url,
    residual = "DNS answers for allow-listed host names are trusted"
)]
#[threat(unsafe_consumption_of_apis, mitigated_by = webhook_client)]
#[threat(information_disclosure, mitigated_by = webhook_client)]
pub async fn deliver(
    client: &reqwest::Client,
    policy: &WebhookPolicy,
    url: &str,
    event: &TransferEvent<'_>,
) -> Result<(), String> {
    let url = validate_webhook_url(url, policy).map_err(|e| e.to_string())?;
    let response = client
        .post(url)
        .json(event)
        .send()
        .await
        .map_err(|e| format!("delivery failed: {e}"))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("receiver answered {}", response.status()))
    }
}

/// Notifies the payer and, if another user, the payee of a completed transfer, in the
/// background; failures are logged and never affect the transfer.
pub(crate) async fn notify_transfer(state: AppState, transfer: Transfer, recipient: i64) {
    let payer = transfer.initiated_by;
    let mut parties = vec![(payer, "outgoing")];
    if recipient != payer {
        parties.push((recipient, "incoming"));
    }
    for (user, direction) in parties {
        let lookup = state.clone();
        let webhook = match blocking(move || Ok(lookup.db.webhook_of(user)?)).await {
            Ok(Some(webhook)) => webhook,
            Ok(None) => continue,
            Err(_) => continue,
        };
        let state = state.clone();
        let transfer = transfer.clone();
        tokio::spawn(async move {
            let event = TransferEvent {
                event: "transfer.completed",
                direction,
                transfer: &transfer,
            };
            let policy = &state.config.webhooks;
            if let Err(err) = deliver(&state.http, policy, &webhook.url, &event).await {
                eprintln!("bank-api: webhook of user {user}: {err}");
            }
        });
    }
}

/// Registers or replaces the caller's webhook URL, after checking it against the allow-list.
#[endpoint("PUT /webhook", boundary = Internet, exposes = [WebhookConfig], auth = "required")]
#[threat(broken_authentication, mitigated_by = require_jwt)]
#[threat(ssrf, mitigated_by = validate_webhook_url)]
#[threat(sql_injection, mitigated_by = Db::set_webhook)]
pub async fn set_webhook(
    State(state): State<AppState>,
    user: AuthUser,
    Json(request): Json<WebhookConfig>,
) -> Result<Json<WebhookConfig>, ApiError> {
    let url = validate_webhook_url(&request.url, &state.config.webhooks)
        .map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    let config = WebhookConfig {
        url: url.to_string(),
    };
    let stored = config.url.clone();
    blocking(move || Ok(state.db.set_webhook(user.id, Some(&stored))?)).await?;
    Ok(Json(config))
}

/// Returns the caller's webhook URL (404 when none is set).
#[endpoint("GET /webhook", boundary = Internet, exposes = [WebhookConfig], auth = "required")]
#[threat(broken_authentication, mitigated_by = require_jwt)]
#[threat(sql_injection, mitigated_by = Db::webhook_of)]
pub async fn get_webhook(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<WebhookConfig>, ApiError> {
    blocking(move || Ok(state.db.webhook_of(user.id)?))
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// Removes the caller's webhook.
#[endpoint("DELETE /webhook", boundary = Internet, exposes = [WebhookConfig], auth = "required")]
#[threat(broken_authentication, mitigated_by = require_jwt)]
#[threat(sql_injection, mitigated_by = Db::set_webhook)]
pub async fn delete_webhook(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<StatusCode, ApiError> {
    blocking(move || Ok(state.db.set_webhook(user.id, None)?)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> WebhookPolicy {
        WebhookPolicy {
            allowed_hosts: vec!["hooks.example.com".to_owned(), "*.partner.test".to_owned()],
            insecure_test_origins: vec!["http://127.0.0.1:9999".to_owned()],
        }
    }

    #[test]
    fn allow_listed_urls_pass() {
        for ok in [
            "https://hooks.example.com/bank",
            "https://HOOKS.example.com:443/x?y=1",
            "https://a.partner.test/",
            "https://a.b.partner.test/",
            "http://127.0.0.1:9999/hook",
        ] {
            assert!(validate_webhook_url(ok, &policy()).is_ok(), "{ok}");
        }
    }

    #[test]
    fn everything_else_is_refused() {
        use WebhookUrlError::*;
        for (bad, why) in [
            ("not a url", Malformed),
            ("/relative", Malformed),
            ("http://hooks.example.com/", Scheme),
            ("ftp://hooks.example.com/", Scheme),
            ("file:///etc/passwd", Scheme),
            ("http://127.0.0.1:9998/hook", Scheme),
            ("https://user:pw@hooks.example.com/", Credentials),
            ("https://user@hooks.example.com/", Credentials),
            ("https://127.0.0.1/", IpLiteral),
            ("https://2130706433/", IpLiteral),
            ("https://0x7f.1/", IpLiteral),
            ("https://[::1]/", IpLiteral),
            ("https://hooks.example.com:8443/", Port),
            ("https://evil.com/", HostNotAllowed),
            ("https://hooks.example.com.evil.com/", HostNotAllowed),
            ("https://evilhooks.example.com/", HostNotAllowed),
            ("https://partner.test/", HostNotAllowed),
            ("https://xpartner.test/", HostNotAllowed),
            ("https://hooks.example.com./", HostNotAllowed),
            ("https://hooks.example.com%2f@evil.com/", Credentials),
        ] {
            assert_eq!(
                validate_webhook_url(bad, &policy()).err(),
                Some(why),
                "{bad}"
            );
        }
    }
}
