// An example text that does not fit its template.
dqe_client::generate_api!("../specs/template_example");

fn main() {}
