// A name that is a Rust keyword.
dqe_client::generate_api!("../specs/not_an_identifier");

fn main() {}
