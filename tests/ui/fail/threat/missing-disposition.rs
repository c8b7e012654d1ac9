use threatmodel::threat;

#[threat(injection)]
pub fn search() {}

fn main() {
    // The item is given back: no "cannot find function" error here.
    search();
}
