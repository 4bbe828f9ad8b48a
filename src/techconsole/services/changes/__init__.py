"""Customisations ("personalizzazioni", seeds 000 and 001): a customer's requests through
their lifecycle — agreed outside the high-work months, developed, delivered, tested,
accepted or contested within the policy's days — and the release an incident's fix comes
with (:mod:`techconsole.domain.changes` holds the rules)."""
