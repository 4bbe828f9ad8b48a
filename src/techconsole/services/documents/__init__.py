"""Documents for customers: work reports, monthly summaries, activity reports."""
