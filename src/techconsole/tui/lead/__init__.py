"""The lead's view of the team: load per technician and the month's SLA compliance."""
