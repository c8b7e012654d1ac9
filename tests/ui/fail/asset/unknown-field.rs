//! A name in `fields` must be a named field of the asset.

use threatmodel::asset;

/// A user.
#[asset(critical, data = "pii", fields = [emial])]
pub struct User {
    pub email: String,
    pub id: u64,
}

fn main() {}
