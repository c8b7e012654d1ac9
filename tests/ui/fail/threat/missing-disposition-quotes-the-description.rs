use threatmodel::threat;

#[threat(sql_injection, description = "the search term reaches the SQL text")]
pub fn search() {}

fn main() {
    search();
}
