"""The queue: the main screen, open incidents in policy order with live SLA countdowns."""
