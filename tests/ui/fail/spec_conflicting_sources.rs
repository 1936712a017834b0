// A parameter whose value would come from two places.
dqe_client::generate_api!("../specs/conflicting_sources");

fn main() {}
