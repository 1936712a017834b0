// An unknown builtin type, with a suggestion.
dqe_client::generate_api!("../specs/unknown_type");

fn main() {}
