//! The twin of `fires.rs`, each weakness fixed: the controls that close them are recorded with
//! `mitigated_by`.

use threatmodel::{asset, endpoint, mitigation, threat};

use crate::rules::common::Internet;

/// A blog post: title, body, author.
#[asset(medium, data = "internal")]
pub struct Post;

/// Verifies the session cookie.
#[mitigation(authentication, applies_to = "/posts/*")]
pub fn require_session() {}

/// Token bucket per client.
#[mitigation(rate_limiting, applies_to = "/posts/*")]
pub fn limit_requests() {}

/// The post's author must be the caller.
#[mitigation(authorization)]
pub fn ensure_author() {}

/// Binds only the title and the body.
#[mitigation(field_allowlist)]
pub fn allow_post_fields() {}

/// Rejects draft bodies over 64 KiB.
#[mitigation(request_size_limit)]
pub fn limit_draft_size() {}

/// Binds every search term as a parameter.
#[mitigation(parameterized_queries)]
pub fn bind_terms() {}

/// Only the author can edit a post.
#[endpoint("PUT /posts/{id}", boundary = Internet, exposes = [Post])]
#[threat(bola, mitigated_by = ensure_author)]
#[threat(mass_assignment, mitigated_by = allow_post_fields)]
pub fn update_post() {}

/// Draft bodies are capped.
#[threat(unrestricted_resource_consumption, mitigated_by = limit_draft_size)]
pub struct Draft;

/// The search index.
pub struct Index;

impl Index {
    /// Binds the search terms.
    #[threat(injection, mitigated_by = bind_terms)]
    pub fn search(&self) {}
}
