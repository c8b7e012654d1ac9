//! Assets that travel through endpoints without being listed in `exposes`: a response type
//! that copies a user's e-mail, a response that is a list of the asset itself, and a request
//! body carrying a payment card; beside a low asset, which is not reported.

use axum::routing::{get, post};
use axum::{Json, Router};
use threatmodel::{asset, endpoint};

use crate::rules::common::DataCenter;

/// A user: e-mail address and password hash.
#[asset(critical, data = "pii", fields = [email])]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct User {
    /// Where we write to them.
    pub email: String,
    /// Argon2id hash.
    pub password_hash: String,
}

/// A payment card.
#[asset(high, data = "financial")]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Card {
    /// The card number.
    pub number: String,
}

/// A tag: public.
#[asset(low, data = "public")]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Tag {
    /// Its text.
    pub text: String,
}

/// An article's author as the article page shows them.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct AuthorView {
    /// Display name.
    pub name: String,
    /// Copied from the user: an e-mail address on a public page.
    pub email: String,
}

/// An article page.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ArticleView {
    /// The title.
    pub title: String,
    /// Who wrote it.
    pub author: AuthorView,
}

/// A new payment method.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct NewPaymentMethod {
    /// The card.
    pub card: Card,
}

/// Reads an article.
#[endpoint("GET /articles/{slug}", boundary = DataCenter)] //~ undeclared_exposure
pub async fn article() -> Json<ArticleView> {
    unimplemented!()
}

/// Lists users.
#[endpoint("GET /users", boundary = DataCenter)] //~ undeclared_exposure
pub async fn users() -> Json<Vec<User>> {
    unimplemented!()
}

/// Adds a payment method.
#[endpoint("POST /payment-methods", boundary = DataCenter)] //~ undeclared_exposure
pub async fn add_payment_method(Json(_body): Json<NewPaymentMethod>) {}

/// Lists tags.
#[endpoint("GET /tags", boundary = DataCenter)]
pub async fn tags() -> Json<Vec<Tag>> {
    unimplemented!()
}

/// The service's router.
pub fn router() -> Router {
    Router::new()
        .route("/articles/{slug}", get(article))
        .route("/users", get(users))
        .route("/payment-methods", post(add_payment_method))
        .route("/tags", get(tags))
}
