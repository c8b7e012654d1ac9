//! The control kinds of the catalogue and the threat kinds each one addresses.

use super::ControlKind;

/// Every control kind a `#[mitigation]` may implement, in catalogue order.
///
/// `addresses` lists only threat kinds the control counters directly; `addresses = [...]` on a
/// mitigation widens the mapping for one implementation.
pub const CONTROL_KINDS: &[ControlKind] = &[
    ControlKind {
        id: "authentication",
        title: "Authentication",
        addresses: &["broken_authentication", "spoofing"],
        description: "Establishes who is calling before a request is served: verifies \
            credentials, token signatures with a fixed algorithm, issuer, audience and expiry, or \
            client certificates, and rejects anything unverified. Handlers then rely on a \
            verified identity instead of one the client merely claims.",
    },
    ControlKind {
        id: "authorization",
        title: "Authorization",
        addresses: &[
            "broken_object_level_authorization",
            "broken_function_level_authorization",
            "broken_object_property_level_authorization",
            "elevation_of_privilege",
        ],
        description: "Decides, for an authenticated caller, whether it may perform this operation \
            on this particular object and its fields: role and permission checks on functions, \
            ownership or tenant checks on records, and field-level rules. It denies by default \
            and runs on the server for every request.",
    },
    ControlKind {
        id: "input_validation",
        title: "Input validation",
        addresses: &[
            "injection",
            "sql_injection",
            "command_injection",
            "xss",
            "path_traversal",
            "mass_assignment",
            "insecure_deserialization",
            "unsafe_consumption_of_apis",
            "tampering",
        ],
        description: "Parses every value that crosses a trust boundary, from callers or from \
            upstream APIs, into a strict type and rejects what does not fit: unknown fields, wrong \
            types, out-of-range numbers, unexpected characters and over-long strings. Later code \
            only ever sees well-formed data.",
    },
    ControlKind {
        id: "parameterized_queries",
        title: "Parameterized queries",
        addresses: &["sql_injection", "injection"],
        description: "Sends query text and request values to the database separately, through \
            bind parameters or a query builder that uses them, so a value can never change the \
            structure of the statement. No SQL is assembled by string formatting.",
    },
    ControlKind {
        id: "output_encoding",
        title: "Output encoding",
        addresses: &["xss", "injection"],
        description: "Escapes or encodes data for the exact context it is written into, such as \
            HTML, an HTML attribute, JavaScript, a URL, a header or a downstream query language, \
            and serves JSON with a JSON content type. Stored or echoed input is then shown as text \
            instead of being interpreted.",
    },
    ControlKind {
        id: "rate_limiting",
        title: "Rate limiting",
        addresses: &[
            "unrestricted_resource_consumption",
            "denial_of_service",
            "credential_stuffing",
            "unrestricted_access_to_sensitive_business_flows",
            "user_enumeration",
        ],
        description: "Caps how many requests, or how much costly work, a client, account, token \
            or IP address may use per time window, and answers 429 with a retry hint once the \
            cap is reached. Tighter limits on login, reset, sign-up and other sensitive flows \
            make guessing, enumeration and bulk automation slow and visible.",
    },
    ControlKind {
        id: "request_size_limit",
        title: "Request size limit",
        addresses: &["unrestricted_resource_consumption", "denial_of_service"],
        description: "Rejects request bodies, uploads, headers, JSON nesting depth and array \
            lengths above fixed maxima before they are buffered or parsed in full, answering 413 \
            or 400. A single request can no longer exhaust memory or parser time.",
    },
    ControlKind {
        id: "pagination_limit",
        title: "Pagination limit",
        addresses: &["unrestricted_resource_consumption", "denial_of_service"],
        description: "Bounds how many items one call may return or touch: list endpoints page \
            their results with a server-enforced maximum page size, and batch operations cap \
            their batch size. A caller cannot request the whole table in one response.",
    },
    ControlKind {
        id: "timeout",
        title: "Timeout",
        addresses: &[
            "unrestricted_resource_consumption",
            "denial_of_service",
            "unsafe_consumption_of_apis",
        ],
        description: "Puts a deadline on request handling, database statements and outbound calls \
            to other services, and cancels the work when it passes. Slow clients, expensive \
            queries and hanging upstream APIs then cannot hold connections, threads or memory \
            indefinitely.",
    },
    ControlKind {
        id: "encryption_in_transit",
        title: "Encryption in transit",
        addresses: &[
            "information_disclosure",
            "tampering",
            "unsafe_consumption_of_apis",
        ],
        description: "Carries every connection, from clients and to databases, queues and \
            upstream APIs, over TLS with certificate verification, and refuses or redirects \
            plain HTTP. Data and credentials on the wire can then be neither read nor altered by \
            anyone on the network path.",
    },
    ControlKind {
        id: "encryption_at_rest",
        title: "Encryption at rest",
        addresses: &["information_disclosure"],
        description: "Encrypts stored data, whether whole volumes, backups or individual sensitive \
            columns and objects, with keys kept apart from the data. A copied disk, snapshot or \
            database dump does not expose the plaintext.",
    },
    ControlKind {
        id: "password_hashing",
        title: "Password hashing",
        addresses: &["broken_authentication", "information_disclosure"],
        description: "Stores only salted hashes of passwords made with a slow, memory-hard \
            algorithm such as Argon2id, scrypt or bcrypt, and verifies logins against them. A \
            leaked user table does not reveal passwords that could be reused here or elsewhere.",
    },
    ControlKind {
        id: "constant_time_comparison",
        title: "Constant-time comparison",
        addresses: &["timing_attack"],
        description: "Compares secrets such as API keys, HMAC signatures, reset codes and tokens \
            with a function whose running time does not depend on where the inputs differ. \
            Response times then tell an attacker nothing about how close a guess was.",
    },
    ControlKind {
        id: "session_management",
        title: "Session management",
        addresses: &["broken_authentication", "spoofing", "token_in_url"],
        description: "Issues session identifiers and tokens with enough randomness, carries them \
            only in headers or Secure, HttpOnly cookies and never in URLs, rotates them at login, \
            expires them after idle and absolute timeouts, and revokes them at logout or password \
            change. A stolen or guessed token is then hard to get and short-lived.",
    },
    ControlKind {
        id: "audit_logging",
        title: "Audit logging",
        addresses: &["repudiation"],
        description: "Writes an append-only record of security-relevant actions, such as logins, \
            permission changes, money movements and deletions, with who did it, when, from where \
            and with what outcome. The trail is kept where the application itself cannot edit or \
            delete it.",
    },
    ControlKind {
        id: "monitoring",
        title: "Monitoring",
        addresses: &[
            "credential_stuffing",
            "unrestricted_access_to_sensitive_business_flows",
            "denial_of_service",
        ],
        description: "Watches traffic and security events for anomalies, such as bursts of failed \
            logins, automated use of business flows or unusual error and latency rates, and \
            alerts someone who can respond. It turns attacks that limits alone do not stop into \
            incidents that are noticed and handled.",
    },
    ControlKind {
        id: "secrets_management",
        title: "Secrets management",
        addresses: &["hardcoded_secret"],
        description: "Keeps keys, passwords and tokens out of the source tree and images and \
            loads them at run time from a secret store or the deployment environment, with access \
            control and rotation. A leaked repository or binary then holds no usable credential.",
    },
    ControlKind {
        id: "csrf_protection",
        title: "CSRF protection",
        addresses: &["csrf"],
        description: "Ensures that state-changing requests authenticated by cookies come from the \
            application's own pages, using anti-forgery tokens, SameSite cookies, Origin checks \
            or a required custom header. A page on another site cannot make a victim's browser \
            act on the API.",
    },
    ControlKind {
        id: "security_headers",
        title: "Security headers",
        addresses: &["security_misconfiguration", "xss"],
        description: "Sends hardening response headers, such as Strict-Transport-Security, \
            Content-Security-Policy, X-Content-Type-Options, a restrictive CORS policy and \
            Cache-Control for private data, and omits headers that reveal versions. Browsers and \
            intermediaries then apply safe defaults to every response.",
    },
    ControlKind {
        id: "url_allowlist",
        title: "URL allowlist",
        addresses: &["server_side_request_forgery", "open_redirect"],
        description: "Accepts a caller-supplied URL, host or redirect target only if it matches \
            a fixed list of schemes, hosts and ports, checked after parsing and DNS resolution \
            and again on every redirect. Requests and redirects to internal addresses or unknown \
            hosts are refused.",
    },
    ControlKind {
        id: "path_confinement",
        title: "Path confinement",
        addresses: &["path_traversal"],
        description: "Resolves any file path built from request data to its canonical form and \
            refuses it unless it still lies inside the intended base directory, or maps \
            identifiers to server-chosen file names. No request can name a file outside that \
            directory.",
    },
    ControlKind {
        id: "field_allowlist",
        title: "Field allowlist",
        addresses: &[
            "mass_assignment",
            "broken_object_property_level_authorization",
            "sensitive_data_in_logs",
        ],
        description: "Names explicitly which fields may be bound from a request, returned in a \
            response or written to a log record, typically through dedicated input, output and \
            log types. Anything not on the list is dropped, so new or sensitive fields are \
            neither writable nor exposed by default.",
    },
    ControlKind {
        id: "idempotency",
        title: "Idempotency",
        addresses: &["replay"],
        description: "Gives each state-changing request a unique key, nonce or signed timestamp \
            and records the keys already processed, returning the first result for a repeat \
            instead of executing it again. A replayed or retried request cannot cause the same \
            effect twice.",
    },
];
