// A TOML syntax error: an unterminated string.
dqe_client::generate_api!("../specs/toml_syntax");

fn main() {}
