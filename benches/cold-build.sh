#!/usr/bin/env bash
# What depending on dqe-client costs a cold build: an empty binary depending on dqe-client
# (default features: the generated API and the async client) against the same empty binary
# depending on what any such client needs anyway (reqwest with rustls and ring, as dqe-client
# builds it, serde with derive, serde_json and tokio), each built from nothing (`cargo build`,
# dev profile, a target directory of its own), the two alternating, RUNS times (default 3).
#
#   benches/cold-build.sh [RUNS]
#
# Both crates get the workspace's Cargo.lock, so both build the same versions. Prints each
# run's times and the medians; BENCHMARKS.md ("Cold build") keeps the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-3}
scratch=$root/target/cold-build
rm -rf "$scratch"
mkdir -p "$scratch"

# crate NAME DEPENDENCY-LINES
crate() {
  mkdir -p "$scratch/$1/src"
  printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[workspace]\n\n[dependencies]\n%s\n' \
    "$1" "$2" >"$scratch/$1/Cargo.toml"
  printf 'fn main() {}\n' >"$scratch/$1/src/main.rs"
  cp Cargo.lock "$scratch/$1/Cargo.lock"
}

crate baseline 'reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", features = ["time", "sync"] }'
crate with-dqe-client "dqe-client = { path = \"$root/dqe-client\" }"

# The registry's sources are fetched once, outside the timing.
for c in baseline with-dqe-client; do
  (cd "$scratch/$c" && cargo fetch --quiet)
done

# build NAME: seconds for a cold `cargo build` of it.
build() {
  local dir=$scratch/$1 start end
  rm -rf "$dir/target"
  start=$(date +%s.%N)
  (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --quiet)
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}

base=()
with=()
for ((i = 1; i <= runs; i++)); do
  if ((i % 2)); then
    b=$(build baseline)
    w=$(build with-dqe-client)
  else
    w=$(build with-dqe-client)
    b=$(build baseline)
  fi
  base+=("$b")
  with+=("$w")
  printf 'run %d: baseline %.1f s, with dqe-client %.1f s, difference %+.1f s\n' "$i" "$b" "$w" "$(awk -v a="$b" -v b="$w" 'BEGIN { print b - a }')"
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mb=$(median "${base[@]}")
mw=$(median "${with[@]}")
printf 'median: baseline %.1f s, with dqe-client %.1f s, difference %+.1f s\n' "$mb" "$mw" "$(awk -v a="$mb" -v b="$mw" 'BEGIN { print b - a }')"
