// A parameter without a description.
dqe_client::generate_api!("../specs/missing_description");

fn main() {}
