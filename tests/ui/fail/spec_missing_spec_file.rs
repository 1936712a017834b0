// A spec directory without api.toml.
dqe_client::generate_api!("../specs/missing_spec_file");

fn main() {}
