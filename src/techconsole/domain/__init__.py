"""Pure support rules: policies, business calendars, SLA clocks, queue order.

Nothing in this package does I/O or imports a UI or database library; the import
contract in ``pyproject.toml`` enforces it.
"""
