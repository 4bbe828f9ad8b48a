"""Incidents, from intake to closing: opening, workflow, ownership, authorisation, the queue."""
