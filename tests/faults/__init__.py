"""The fault matrix: every source against a misbehaving real HTTP server on 127.0.0.1."""
