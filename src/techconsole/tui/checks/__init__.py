"""``H`` on the queue: the monthly health checks due and done (seed 004)."""
