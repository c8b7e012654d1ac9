use axum::{Json, Router, routing::get};
use threatmodel::{asset, endpoint, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[asset(critical, data = "pii", fields = [email])]
pub struct User { pub id: u64, pub email: String, pub password_hash: String }

#[derive(serde::Serialize)]
pub struct Author { pub name: String, pub email: String }

#[endpoint("GET /articles/{slug}", boundary = Internet)] // returns Json<Author>
pub async fn article() -> Json<Author> {
    Json(Author { name: String::new(), email: String::new() })
}

pub fn app() -> Router {
    Router::new().route("/articles/{slug}", get(article))
}
