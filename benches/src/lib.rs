//! Benchmarks live under `benches/`; see BENCHMARKS.md.
