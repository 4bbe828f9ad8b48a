"""Customers, their contacts and their contracts."""
