"""Benchmarks of the Ejoin integration in a real Home Assistant (``scripts/bench``)."""
