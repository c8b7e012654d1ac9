use threatmodel::mitigation;

pub mod auth {
    pub fn check() {}
}

/// A module re-exported under the name of the control.
pub use auth as require_jwt;

#[mitigation(authentication)]
pub fn require_jwt() {}

fn main() {}
