// A spec directory without api.toml: the path is resolved from the invoking file.
dqe_client::generate_api!("../../../dqe-cli/tests/specs/missing_spec_file");

fn main() {}
