use threatmodel::threat;

#[threat(sql_injektion, accepted = "read-only replica")]
pub fn search() {}

fn main() {}
