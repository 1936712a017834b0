// Two errors with one id.
dqe_client::generate_api!("../specs/duplicate_error_id");

fn main() {}
