// A parameter named like a method of the request builder.
dqe_client::generate_api!("../specs/reserved_param");

fn main() {}
