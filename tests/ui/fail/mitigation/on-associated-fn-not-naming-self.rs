use threatmodel::mitigation;

pub struct Db;

impl Db {
    // Nothing in the signature says this is an associated function, so the macro emits the
    // marker struct beside it, and rustc rejects a struct in an impl block.
    #[mitigation(parameterized_queries)]
    pub fn query() {}
}

fn main() {}
