use threatmodel::threat;

#[threat(unrestricted_resource_consumption,
         accepted = "gateway enforces 100 req/s per client",
         owner = "platform", expires = "2025-06-30")]  // past
pub async fn search() {}
