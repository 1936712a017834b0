// A parameter taken from a credential that is not declared.
dqe_client::generate_api!("../specs/undefined_credential");

fn main() {}
