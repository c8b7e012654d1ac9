use threatmodel::mitigation;

pub struct Query(String);

impl Query {
    #[mitigation(input_validation)]
    pub fn parse(text: &str) -> Option<Self> {
        text.is_ascii().then(|| Query(text.to_owned()))
    }
}

fn main() {}
