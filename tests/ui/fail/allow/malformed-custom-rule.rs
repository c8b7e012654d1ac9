use threatmodel::endpoint;

#[endpoint("GET /a", allow(Team::Rule, reason = "x"))]
pub fn a() {}

#[endpoint("GET /b", allow(team::rule<T>, reason = "x"))]
pub fn b() {}

#[endpoint("GET /c", allow(team::rule, team::rule, reason = "x"))]
pub fn c() {}

fn main() {}
