"""Warned before, not after: toasts, the bell and hooks when a clock nears or passes its
due time, and when incidents are recorded or resolved (:mod:`techconsole.domain.alerts`)."""
