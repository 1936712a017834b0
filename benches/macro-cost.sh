#!/usr/bin/env bash
# Macro cost: `cargo check` of dqe-client's generated types with the macro, against the same
# crate with the expansion pasted in. Each is checked once to warm up, then RUNS times after
# touching lib.rs; the median is printed. Usage: benches/macro-cost.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
work=$root/target/macro-cost
rm -rf "$work/macro" "$work/pasted"
mkdir -p "$work"

make_crate() { # $1 = directory
  mkdir -p "$1/src"
  cp -r "$root"/dqe-client/src/{endpoint.rs,dynamic.rs,private,redact.rs,types,lib.rs} "$1/src/"
  cp "$root/Cargo.lock" "$1/Cargo.lock"
  cat > "$1/Cargo.toml" <<TOML
[package]
name = "dqe-client"
version = "0.1.0"
edition = "2024"

[features]
client = []
sandbox = []
blocking = []

[dependencies]
dqe-macros = { path = "$root/dqe-macros" }
serde = { version = "1.0.220", features = ["derive"] }
serde_json = { version = "1.0.140", features = ["float_roundtrip"] }
form_urlencoded = "1.2"
secrecy = "0.10.3"

[workspace]
TOML
}

make_crate "$work/macro"
sed -i "s|generate_api!(\"../spec\");|generate_api!(\"$root/spec\");|" "$work/macro/src/lib.rs"
make_crate "$work/pasted"
(cd "$root" && cargo run -q -p tests --example expand -- spec) > "$work/pasted/src/expanded.rs"
sed -i 's|generate_api!("../spec");|include!("expanded.rs");|' "$work/pasted/src/lib.rs"

median_check() { # $1 = crate directory
  (cd "$1" && cargo check -q --offline --target-dir "$work/target-$(basename "$1")" 2>/dev/null)
  local times=()
  for _ in $(seq "$runs"); do
    touch "$1/src/lib.rs"
    local start end
    start=$(date +%s.%N)
    (cd "$1" && cargo check -q --offline --target-dir "$work/target-$(basename "$1")" 2>/dev/null)
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

with_macro=$(median_check "$work/macro")
pasted=$(median_check "$work/pasted")
echo "cargo check, generate_api! (median of $runs): ${with_macro} s"
echo "cargo check, expansion pasted (median of $runs): ${pasted} s"
echo "ratio: $(echo "scale=2; $with_macro / $pasted" | bc)"
