//! Resource limits: request body size, per-client and per-user rate limits, page sizes.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde::Deserialize;
use threatmodel::mitigation;
use tower_http::limit::RequestBodyLimitLayer;

use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;

threatmodel::declare! {
    /// hyper's HTTP/1 parser bounds the request head (buffer size and number of headers) before
    /// any of our code runs; configured by hyper's defaults, not by this crate.
    pub mitigation HyperHeaderLimits(request_size_limit, installed_by = axum::serve);
}

/// Rejects request bodies larger than `max_bytes` with 413, from `Content-Length` before the
/// body is read, or as soon as a streamed body passes the limit.
#[mitigation(request_size_limit, applies_to = "/*")]
pub fn request_body_limit(max_bytes: usize) -> RequestBodyLimitLayer {
    RequestBodyLimitLayer::new(max_bytes)
}

/// A token-bucket quota: `burst` requests at once, refilled at `per_second`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quota {
    /// Bucket size: requests allowed back to back.
    pub burst: u32,
    /// Refill rate, in requests per second.
    pub per_second: f64,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Keyed token buckets (a key is a client address or a user id).
#[derive(Debug)]
pub struct RateLimiter {
    quota: Quota,
    buckets: Mutex<HashMap<String, Bucket>>,
}

/// Above this many tracked keys, full (idle) buckets are dropped.
const MAX_TRACKED_KEYS: usize = 10_000;

impl RateLimiter {
    /// A limiter applying `quota` to every key.
    pub fn new(quota: Quota) -> Self {
        RateLimiter {
            quota,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token from `key`'s bucket, or says how long until one is available.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let burst = f64::from(self.quota.burst.max(1));
        let rate = self.quota.per_second.max(f64::MIN_POSITIVE);
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_TRACKED_KEYS && !buckets.contains_key(key) {
            buckets.retain(|_, b| {
                let elapsed = now.saturating_duration_since(b.updated).as_secs_f64();
                b.tokens + elapsed * rate < burst
            });
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
        }
    }
}

fn too_many(wait: Duration) -> ApiError {
    ApiError::TooManyRequests {
        retry_after_secs: wait.as_secs().saturating_add(1),
    }
}

/// Rate limit of the unauthenticated routes, keyed by the client's socket address (never by a
/// header the client controls); slows down password guessing and sign-up automation.
#[mitigation(rate_limiting, applies_to = "/auth/*")]
pub async fn rate_limit_by_client(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let key = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned());
    state.auth_limiter.check(&key).map_err(too_many)?;
    Ok(next.run(request).await)
}

/// Rate limit of the authenticated routes, keyed by the user id that `require_jwt` verified.
#[mitigation(
    rate_limiting,
    applies_to = ["/accounts", "/accounts/*", "/webhook"]
)]
pub async fn rate_limit_by_user(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let user = request
        .extensions()
        .get::<AuthUser>()
        .ok_or(ApiError::Unauthorized)?;
    state
        .api_limiter
        .check(&format!("user:{}", user.id))
        .map_err(too_many)?;
    Ok(next.run(request).await)
}

/// Query parameters of list endpoints: `?limit=&offset=`, with a server-enforced maximum page
/// size of [`Page::MAX_LIMIT`].
#[mitigation(pagination_limit)]
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Requested page size (default [`Page::DEFAULT_LIMIT`], at most [`Page::MAX_LIMIT`]).
    pub limit: Option<u32>,
    /// Items to skip.
    pub offset: Option<u32>,
}

impl Page {
    /// Page size when none is asked for.
    pub const DEFAULT_LIMIT: u32 = 20;
    /// Largest page size served.
    pub const MAX_LIMIT: u32 = 100;

    /// The page size to use: the request's, clamped to `1..=MAX_LIMIT`.
    pub fn limit(&self) -> u32 {
        self.limit
            .unwrap_or(Self::DEFAULT_LIMIT)
            .clamp(1, Self::MAX_LIMIT)
    }

    /// Items to skip.
    pub fn offset(&self) -> u32 {
        self.offset.unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_refills_over_time() {
        let limiter = RateLimiter::new(Quota {
            burst: 2,
            per_second: 1.0,
        });
        let t0 = Instant::now();
        assert!(limiter.check_at("a", t0).is_ok());
        assert!(limiter.check_at("a", t0).is_ok());
        let wait = limiter.check_at("a", t0).unwrap_err();
        assert!(wait <= Duration::from_secs(1));
        assert!(limiter.check_at("b", t0).is_ok(), "keys are independent");
        assert!(
            limiter
                .check_at("a", t0 + Duration::from_millis(1100))
                .is_ok()
        );
    }

    #[test]
    fn page_size_is_clamped() {
        let page = |limit| Page {
            limit,
            offset: None,
        };
        assert_eq!(page(None).limit(), Page::DEFAULT_LIMIT);
        assert_eq!(page(Some(0)).limit(), 1);
        assert_eq!(page(Some(10_000)).limit(), Page::MAX_LIMIT);
    }
}
