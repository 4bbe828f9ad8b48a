"""The console: the program technicians live in for a shift (Textual).

``techconsole`` with no arguments opens it (see ``launch.run_console``).  The package is
organised by feature: ``queue/`` is the main screen, ``incident/`` one incident, ``help``
the key reference; what several features share is in ``widgets/``, and app-wide events
(the database changed, the timer started or stopped) are the signals of ``signals``.
Every screen reads through ``techconsole.services`` only, in thread workers.
"""
