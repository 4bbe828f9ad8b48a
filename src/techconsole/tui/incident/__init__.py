"""One incident, read-only for now: its facts, clocks and timeline."""
