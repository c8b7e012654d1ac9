//! Errors answered to clients: a status code and a JSON body `{"error": "..."}`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// An error the API answers with; internal details are logged, never sent.
#[derive(Debug)]
pub enum ApiError {
    /// 400: the request is malformed.
    BadRequest(String),
    /// 401: no valid bearer token (or wrong credentials at login).
    Unauthorized,
    /// 404: no such resource, or one the caller may not see.
    NotFound,
    /// 409: the request conflicts with existing state (e.g. a taken username).
    Conflict(String),
    /// 422: well-formed but invalid input.
    Unprocessable(String),
    /// 429: the caller's rate limit is exhausted; retry after this many seconds.
    TooManyRequests {
        /// Seconds until a request will be accepted again.
        retry_after_secs: u64,
    },
    /// 500: something failed on our side; the cause was logged.
    Internal,
}

impl ApiError {
    /// Logs `err` and returns [`ApiError::Internal`].
    pub fn internal(context: &str, err: impl std::fmt::Display) -> ApiError {
        eprintln!("bank-api: {context}: {err}");
        ApiError::Internal
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::BadRequest(msg) | ApiError::Conflict(msg) | ApiError::Unprocessable(msg) => {
                f.write_str(msg)
            }
            ApiError::Unauthorized => f.write_str("missing or invalid credentials"),
            ApiError::NotFound => f.write_str("not found"),
            ApiError::TooManyRequests { .. } => f.write_str("too many requests"),
            ApiError::Internal => f.write_str("internal error"),
        }
    }
}

impl std::error::Error for ApiError {}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        ApiError::internal("database error", err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = Json(serde_json::json!({ "error": self.to_string() }));
        let mut response = (status, body).into_response();
        match self {
            ApiError::Unauthorized => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::TooManyRequests { retry_after_secs } => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            _ => {}
        }
        response
    }
}
