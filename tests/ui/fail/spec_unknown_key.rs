// An unknown key, with a suggestion.
dqe_client::generate_api!("../specs/unknown_key");

fn main() {}
