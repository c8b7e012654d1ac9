//! Authentication: registration, login with Argon2id password hashes, and HS256 bearer tokens
//! checked by a middleware on every protected route.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, Params, Version};
use axum::Json;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use threatmodel::{asset, endpoint, mitigation, threat};

use crate::architecture::Internet;
use crate::db::Db;
use crate::error::ApiError;
use crate::limits::{HyperHeaderLimits, rate_limit_by_client, request_body_limit};
use crate::model::{Credentials, User, UserView};
use crate::{AppState, blocking};

/// `iss` and `aud` of every token this service issues and accepts.
pub const TOKEN_ISSUER: &str = "bank-api";

/// Shortest accepted signing secret, in bytes (HS256 wants at least its 256-bit output size).
pub const MIN_SECRET_BYTES: usize = 32;

/// The HS256 signing secret of access tokens: whoever holds it can mint a token for any user.
#[asset(critical, data = "secret")]
#[threat(hardcoded_secret, mitigated_by = jwt_secret_from_env)]
pub struct JwtSecret {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for JwtSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtSecret(<redacted>)")
    }
}

/// Why a signing secret was not loaded.
#[derive(Debug, PartialEq, Eq)]
pub enum SecretError {
    /// The environment variable is not set.
    Missing(String),
    /// The secret is shorter than [`MIN_SECRET_BYTES`].
    TooShort(usize),
    /// The key could not be built.
    Invalid(String),
}

impl std::fmt::Display for SecretError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretError::Missing(var) => write!(f, "{var} is not set"),
            SecretError::TooShort(len) => write!(
                f,
                "the JWT secret has {len} bytes; at least {MIN_SECRET_BYTES} are required"
            ),
            SecretError::Invalid(err) => write!(f, "invalid JWT secret: {err}"),
        }
    }
}

impl std::error::Error for SecretError {}

/// Claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// User id.
    pub sub: String,
    /// Username, for logs and display.
    pub name: String,
    /// Issued at (Unix seconds).
    pub iat: u64,
    /// Expiry (Unix seconds).
    pub exp: u64,
    /// Issuer, [`TOKEN_ISSUER`].
    pub iss: String,
    /// Audience, [`TOKEN_ISSUER`].
    pub aud: String,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl JwtSecret {
    /// A secret from raw bytes; at least [`MIN_SECRET_BYTES`] long.
    pub fn from_bytes(secret: &[u8]) -> Result<JwtSecret, SecretError> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(SecretError::TooShort(secret.len()));
        }
        let invalid = |e: jsonwebtoken::errors::Error| SecretError::Invalid(e.to_string());
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_issuer(&[TOKEN_ISSUER]);
        validation.set_audience(&[TOKEN_ISSUER]);
        validation.set_required_spec_claims(&["exp", "sub", "iss", "aud"]);
        Ok(JwtSecret {
            encoding: EncodingKey::from_secret(secret).map_err(invalid)?,
            decoding: DecodingKey::from_secret(secret).map_err(invalid)?,
            validation,
        })
    }

    /// A random 256-bit secret, for development runs without `BANK_JWT_SECRET` (tokens do not
    /// survive a restart).
    pub fn random() -> Result<JwtSecret, SecretError> {
        let mut bytes = [0u8; MIN_SECRET_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| SecretError::Invalid(e.to_string()))?;
        JwtSecret::from_bytes(&bytes)
    }

    /// Checks a token's HS256 signature (no other algorithm is accepted), expiry, issuer and
    /// audience, and returns its claims.
    pub fn verify(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map(|t| t.claims)
    }
}

#[threatmodel::mitigations]
impl JwtSecret {
    /// Issues a short-lived HS256 access token (`exp` = now + `ttl`) for `user`.
    #[mitigation(session_management)]
    pub fn issue(&self, user_id: i64, username: &str, ttl: Duration) -> Result<String, ApiError> {
        let iat = now_secs();
        let claims = Claims {
            sub: user_id.to_string(),
            name: username.to_owned(),
            iat,
            exp: iat + ttl.as_secs(),
            iss: TOKEN_ISSUER.to_owned(),
            aud: TOKEN_ISSUER.to_owned(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::internal("signing a token", e))
    }
}

/// Loads the token signing secret from the environment variable `var` at start-up: never from
/// the source tree or the image. Refuses secrets shorter than [`MIN_SECRET_BYTES`].
#[mitigation(secrets_management)]
pub fn jwt_secret_from_env(var: &str) -> Result<JwtSecret, SecretError> {
    let secret = std::env::var(var).map_err(|_| SecretError::Missing(var.to_owned()))?;
    JwtSecret::from_bytes(secret.as_bytes())
}

/// The authenticated caller, set by [`require_jwt`]; extracting it without the middleware
/// answers 401.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    /// User id (the token's `sub`).
    pub id: i64,
    /// Username (the token's `name`).
    pub username: String,
}

impl<S: Send + Sync> FromRequestParts<S> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<AuthUser>()
            .cloned()
            .ok_or(ApiError::Unauthorized)
    }
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Verifies the `Authorization: Bearer` token (HS256 signature, expiry, issuer, audience)
/// before any protected handler runs, and hands the handler the verified user.
#[mitigation(authentication, applies_to = ["/accounts", "/accounts/*", "/webhook"])]
pub async fn require_jwt(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let token = bearer_token(request.headers()).ok_or(ApiError::Unauthorized)?;
    let claims = state
        .jwt
        .verify(token)
        .map_err(|_| ApiError::Unauthorized)?;
    let id = claims.sub.parse().map_err(|_| ApiError::Unauthorized)?;
    request.extensions_mut().insert(AuthUser {
        id,
        username: claims.name,
    });
    Ok(next.run(request).await)
}

/// Argon2id cost parameters (memory in KiB, passes, lanes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordParams {
    /// Memory cost in KiB.
    pub m_cost: u32,
    /// Number of passes.
    pub t_cost: u32,
    /// Degree of parallelism.
    pub p_cost: u32,
}

impl Default for PasswordParams {
    /// OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
    fn default() -> Self {
        PasswordParams {
            m_cost: 19 * 1024,
            t_cost: 2,
            p_cost: 1,
        }
    }
}

impl PasswordParams {
    /// Cheap parameters for tests only: never use them for real passwords.
    pub const INSECURE_FOR_TESTS: PasswordParams = PasswordParams {
        m_cost: 64,
        t_cost: 1,
        p_cost: 1,
    };
}

/// Password hashing and verification with Argon2id.
pub struct Passwords {
    argon2: Argon2<'static>,
    dummy_hash: String,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords").finish_non_exhaustive()
    }
}

impl Passwords {
    /// A hasher with `params`; also hashes a random password to verify unknown users against.
    pub fn new(params: PasswordParams) -> Result<Passwords, String> {
        let params = Params::new(params.m_cost, params.t_cost, params.p_cost, None)
            .map_err(|e| format!("invalid Argon2 parameters: {e}"))?;
        let mut passwords = Passwords {
            argon2: Argon2::new(argon2::Algorithm::Argon2id, Version::V0x13, params),
            dummy_hash: String::new(),
        };
        let mut random = [0u8; 24];
        getrandom::fill(&mut random).map_err(|e| e.to_string())?;
        let dummy: String = random.iter().map(|b| format!("{b:02x}")).collect();
        passwords.dummy_hash = passwords.hash(&dummy).map_err(|e| e.to_string())?;
        Ok(passwords)
    }
}

#[threatmodel::mitigations]
impl Passwords {
    /// Hashes a password with Argon2id and a fresh random 128-bit salt; returns the PHC string.
    #[mitigation(password_hashing)]
    pub fn hash(&self, password: &str) -> Result<String, ApiError> {
        self.argon2
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| ApiError::internal("hashing a password", e))
    }

    /// Verifies a password against a stored hash, or against a dummy hash when the user does
    /// not exist: unknown users cost the same time and get the same answer as wrong passwords.
    #[mitigation(password_hashing, addresses = [user_enumeration, timing_attack])]
    pub fn verify(&self, stored: Option<&str>, password: &str) -> bool {
        let (hash, known) = match stored {
            Some(hash) => (hash, true),
            None => (self.dummy_hash.as_str(), false),
        };
        let ok = self
            .argon2
            .verify_password(password.as_bytes(), hash)
            .is_ok();
        ok && known
    }
}

/// Username and password rules: usernames of 3 to 32 characters out of `a-z0-9._-`,
/// passwords of 12 to 128 characters.
#[mitigation(input_validation, addresses = [broken_authentication])]
pub fn check_credentials(credentials: &Credentials) -> Result<(), ApiError> {
    let username = &credentials.username;
    let valid_name = (3..=32).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !valid_name {
        return Err(ApiError::Unprocessable(
            "username: 3 to 32 characters out of a-z, 0-9, '.', '_', '-'".to_owned(),
        ));
    }
    if !(12..=128).contains(&credentials.password.chars().count()) {
        return Err(ApiError::Unprocessable(
            "password: 12 to 128 characters".to_owned(),
        ));
    }
    Ok(())
}

/// Registers a customer: checks the credentials and stores an Argon2id hash of the password.
#[endpoint("POST /auth/register", boundary = Internet, exposes = [Credentials, User], auth = "none")]
#[threat(broken_authentication, mitigated_by = [check_credentials, Passwords::hash])]
#[threat(mass_assignment, mitigated_by = check_credentials)]
#[threat(
    sensitive_business_flows,
    mitigated_by = rate_limit_by_client,
    description = "users registered in bulk, each opening accounts for the welcome credit"
)]
#[threat(
    user_enumeration,
    accepted = "sign-up has to say that a username is taken; usernames are not secret and \
                sign-up is rate-limited per client",
    owner = "identity-team",
    expires = "2027-06-30",
    ticket = "SEC-41"
)]
#[threat(
    unrestricted_resource_consumption,
    mitigated_by = [rate_limit_by_client, request_body_limit, HyperHeaderLimits]
)]
#[threat(sql_injection, mitigated_by = Db::create_user)]
pub async fn register(
    State(state): State<AppState>,
    Json(credentials): Json<Credentials>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    check_credentials(&credentials)?;
    let user = blocking(move || {
        let hash = state.passwords.hash(&credentials.password)?;
        Ok(state.db.create_user(&credentials.username, &hash)?)
    })
    .await?
    .ok_or_else(|| ApiError::Conflict("username is taken".to_owned()))?;
    Ok((
        StatusCode::CREATED,
        Json(UserView {
            id: user.id,
            username: user.username,
        }),
    ))
}

/// A successful login.
#[derive(Debug, Serialize, Deserialize)]
pub struct TokenResponse {
    /// The bearer token.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Lifetime of the token in seconds.
    pub expires_in: u64,
}

/// Logs a customer in: verifies the password against its Argon2id hash and issues a
/// short-lived bearer token. Wrong usernames and wrong passwords get the same 401.
#[endpoint("POST /auth/login", boundary = Internet, exposes = [Credentials], auth = "none")]
#[threat(credential_stuffing, mitigated_by = rate_limit_by_client)]
#[threat(broken_authentication, mitigated_by = [Passwords::verify, JwtSecret::issue])]
#[threat(user_enumeration, mitigated_by = [Passwords::verify, rate_limit_by_client])]
#[threat(timing_attack, mitigated_by = Passwords::verify)]
#[threat(
    unrestricted_resource_consumption,
    mitigated_by = [rate_limit_by_client, request_body_limit, HyperHeaderLimits],
    description = "each login costs an Argon2id verification (19 MiB, two passes)"
)]
#[threat(sql_injection, mitigated_by = Db::user_by_name)]
pub async fn login(
    State(state): State<AppState>,
    Json(credentials): Json<Credentials>,
) -> Result<Json<TokenResponse>, ApiError> {
    let ttl = state.config.token_ttl;
    let state2 = state.clone();
    let user: Option<User> = blocking(move || {
        let user = state2.db.user_by_name(&credentials.username)?;
        let ok = state2.passwords.verify(
            user.as_ref().map(|u| u.password_hash.as_str()),
            &credentials.password,
        );
        Ok(user.filter(|_| ok))
    })
    .await?;
    let user = user.ok_or(ApiError::Unauthorized)?;
    let access_token = state.jwt.issue(user.id, &user.username, ttl)?;
    Ok(Json(TokenResponse {
        access_token,
        token_type: "Bearer".to_owned(),
        expires_in: ttl.as_secs(),
    }))
}
