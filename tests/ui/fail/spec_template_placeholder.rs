// A template placeholder that is not closed.
dqe_client::generate_api!("../specs/template_placeholder");

fn main() {}
