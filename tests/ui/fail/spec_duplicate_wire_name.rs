// Two parameters with one wire name.
dqe_client::generate_api!("../specs/duplicate_wire_name");

fn main() {}
