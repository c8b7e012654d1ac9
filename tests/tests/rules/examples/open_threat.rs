use threatmodel::{asset, endpoint, threat, trust_boundary};

#[trust_boundary]
pub struct Internet;

#[asset(medium, data = "pii")]
pub struct Post;

#[endpoint("PUT /posts/{id}", boundary = Internet, exposes = [Post])]
#[threat(bola, open = "update does not check the author",
         ticket = "SEC-142", owner = "api-team", expires = "2027-03-31")]
pub async fn update_post() {}
