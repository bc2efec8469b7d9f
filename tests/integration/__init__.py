"""Tests of the integration against the emulated gateway."""
