"""Load and scale benchmarks (`make bench`); never part of `make test`."""
