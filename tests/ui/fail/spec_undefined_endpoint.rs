// A scope file extending an endpoint that does not exist.
dqe_client::generate_api!("../specs/undefined_endpoint");

fn main() {}
