// The macro takes a string literal.
dqe_client::generate_api!(spec);

fn main() {}
