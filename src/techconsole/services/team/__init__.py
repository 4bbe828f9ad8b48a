"""Technicians and leads, and the team's load."""
