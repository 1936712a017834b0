// A reference to an enum or object the spec does not declare.
dqe_client::generate_api!("../specs/undefined_type");

fn main() {}
