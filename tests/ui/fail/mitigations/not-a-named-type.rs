use threatmodel::{mitigation, mitigations};

pub trait Validate {
    fn validate(&self) -> bool;
}

#[mitigations]
impl Validate for (u8, u8) {
    #[mitigation(input_validation)]
    fn validate(&self) -> bool {
        self.0 < self.1
    }
}

fn main() {}
