"""The console: the program technicians live in for a shift (Textual).

``techconsole`` with no arguments opens it (see ``launch.run_console``).  The package is
organised by feature: ``queue/`` is the main screen, ``incident/`` one incident, ``help``
the key reference; every screen reads through ``techconsole.services`` only.
"""
