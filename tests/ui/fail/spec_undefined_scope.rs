// Type `scope` with no scope file.
dqe_client::generate_api!("../specs/undefined_scope");

fn main() {}
