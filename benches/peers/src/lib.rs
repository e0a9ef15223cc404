//! Peer systems for the comparison benchmarks (work in progress).
