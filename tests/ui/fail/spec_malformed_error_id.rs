// An error id that is not a string of digits.
dqe_client::generate_api!("../specs/malformed_error_id");

fn main() {}
