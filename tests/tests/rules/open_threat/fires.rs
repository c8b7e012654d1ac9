//! Known weaknesses recorded as `open`, judged on 2026-11-30: on a handler (where it takes the
//! place of the rule that would report the unconsidered threat), with and without an owner and
//! a due date, on a type and on a method. Each is reported once, at its threat.

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

/// Any signed-in user can edit any post: the author is not compared with the caller.
#[endpoint("PUT /posts/{id}", boundary = Internet, exposes = [Post])]
#[threat(bola, open = "update does not check the author", ticket = "SEC-142", owner = "api-team")] //~ open_threat
#[threat(mass_assignment, open = "the whole body is bound, `author_id` included", ticket = "SEC-143", expires = "2027-03-31")] //~ open_threat
pub fn update_post() {}

/// Draft bodies have no size limit yet.
#[threat(unrestricted_resource_consumption, open = "no size limit on drafts", ticket = "SEC-7", owner = "api-team", expires = "2027-01-15")] //~ open_threat
pub struct Draft;

/// The search index.
pub struct Index;

impl Index {
    /// Builds the query by formatting the search terms into it.
    #[threat(injection, open = "search terms are formatted into the query", ticket = "SEC-9")] //~ open_threat
    pub fn search(&self) {}
}
