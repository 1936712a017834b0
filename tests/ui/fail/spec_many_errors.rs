// Several mistakes at once: each is its own compile error, at the macro's argument.
dqe_client::generate_api!("../../../dqe-cli/tests/specs/many_errors");

fn main() {}
