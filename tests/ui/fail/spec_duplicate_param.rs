// Two parameters with one name.
dqe_client::generate_api!("../specs/duplicate_param");

fn main() {}
