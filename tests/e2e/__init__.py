"""End-to-end tests: the emulator and a real Home Assistant, driven over HTTP only."""
