use threatmodel::threat;

#[threat(custom = "coupon-abuse", accepted = "coupons are capped at 5 EUR")]
pub fn redeem() {}

fn main() {}
