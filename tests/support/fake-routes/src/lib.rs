//! Route attributes shaped like actix-web's and Rocket's (`#[get("/x")]`, `#[route("/x", ...)]`)
//! that give the item back unchanged, so the UI tests can exercise `#[endpoint]`'s route
//! inference without a web framework.

use proc_macro::TokenStream;

macro_rules! pass_through {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[proc_macro_attribute]
        pub fn $name(_args: TokenStream, item: TokenStream) -> TokenStream {
            item
        }
    )*};
}

pass_through! {
    /// `#[get("/path")]`: gives the item back.
    get,
    /// `#[post("/path")]`: gives the item back.
    post,
    /// `#[put("/path")]`: gives the item back.
    put,
    /// `#[delete("/path")]`: gives the item back.
    delete,
    /// `#[route("/path", method = "...")]`: gives the item back.
    route,
}
