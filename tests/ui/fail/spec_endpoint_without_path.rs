// An endpoint without a path.
dqe_client::generate_api!("../specs/endpoint_without_path");

fn main() {}
