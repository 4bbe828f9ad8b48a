"""A customer's customisations in the console (seeds 000, 001): ``P`` on an incident, or
"Customisations" in the palette."""
