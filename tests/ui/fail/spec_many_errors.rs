// Several mistakes at once: all are reported.
dqe_client::generate_api!("../specs/many_errors");

fn main() {}
