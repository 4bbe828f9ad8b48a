"""The monthly health checks of the customers' machines (seed 004, "Monitoraggio del
sistema"): the day agreed with each customer, which checks are due and overdue, recording
one with its checklist and findings, reading them back and their report."""
