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
# run's wall-clock and CPU times and their medians; BENCHMARKS.md ("Cold build") keeps the
# figures.
set -euo pipefail
# `time` and awk write and read decimal points, whatever the caller's locale.
export LC_ALL=C
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

# build NAME: "WALL CPU", the seconds a cold `cargo build` of it took on the clock and in CPU
# time (user + system, every process cargo ran). The CPU time is the steadier of the two on a
# shared machine; on 2 cores, half the CPU difference is what the wall clock would show.
# cargo's own messages go to NAME/build.log, shown when the build fails.
build() {
  local dir=$scratch/$1 times
  rm -rf "$dir/target"
  if ! times=$( { TIMEFORMAT='%R %U %S'; time (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --quiet >/dev/null 2>"$dir/build.log"); } 2>&1); then
    printf 'cold-build.sh: building %s failed:\n' "$1" >&2
    cat "$dir/build.log" >&2
    exit 1
  fi
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' <<<"$times"
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { print b - a }'; }

wall_b=() wall_w=() wall_d=() cpu_b=() cpu_w=() cpu_d=()
for ((i = 1; i <= runs; i++)); do
  if ((i % 2)); then
    read -r wb cb < <(build baseline)
    read -r ww cw < <(build with-dqe-client)
  else
    read -r ww cw < <(build with-dqe-client)
    read -r wb cb < <(build baseline)
  fi
  wall_b+=("$wb") wall_w+=("$ww") wall_d+=("$(sub "$wb" "$ww")")
  cpu_b+=("$cb") cpu_w+=("$cw") cpu_d+=("$(sub "$cb" "$cw")")
  printf 'run %d: wall %.1f s -> %.1f s (%+.1f s); CPU %.1f s -> %.1f s (%+.1f s)\n' "$i" \
    "$wb" "$ww" "${wall_d[-1]}" "$cb" "$cw" "${cpu_d[-1]}"
done

printf 'median wall: baseline %.1f s, with dqe-client %.1f s, difference %+.1f s (median of the differences %+.1f s)\n' \
  "$(median "${wall_b[@]}")" "$(median "${wall_w[@]}")" \
  "$(sub "$(median "${wall_b[@]}")" "$(median "${wall_w[@]}")")" "$(median "${wall_d[@]}")"
printf 'median CPU: baseline %.1f s, with dqe-client %.1f s, difference %+.1f s (median of the differences %+.1f s)\n' \
  "$(median "${cpu_b[@]}")" "$(median "${cpu_w[@]}")" \
  "$(sub "$(median "${cpu_b[@]}")" "$(median "${cpu_w[@]}")")" "$(median "${cpu_d[@]}")"
