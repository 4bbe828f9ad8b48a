"""techconsole: the terminal console for Italian IT-support technicians."""

__version__ = "0.1.0"
