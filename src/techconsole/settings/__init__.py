"""techconsole's settings, read once by the entry point and passed down as plain values.

Each setting comes from the first of: a command-line flag, an environment variable, the
user's config file, the site's config file (for a team server), the default.  The files
are TOML with the keys of :mod:`.keys` at the top level; ``$TECHCONSOLE_CONFIG`` names one
file to read instead of both (for tests and special set-ups).

:mod:`.checks` checks each value, :mod:`.keys` lists the settings, :mod:`.files` finds and
reads the config files and :mod:`.resolving` puts them together; every name is here too.

Only the standard library and platformdirs are imported by this package: ``techconsole
--help`` reads the settings (for the language) and must stay quick.  Nothing below the
entry points imports it (the import contracts say so); the store and the services get
the database URL, the timeouts, the policy choice and the actor as arguments.
"""

from techconsole.settings.errors import SettingsError
from techconsole.settings.files import APP, CONFIG_ENV, ConfigFile, config_files, read_file
from techconsole.settings.keys import BY_NAME, KEYS, Key, attr
from techconsole.settings.resolving import (
    DEFAULT_SOURCE,
    Settings,
    Sources,
    load,
    read_sources,
    resolve,
)

__all__ = [
    "APP",
    "BY_NAME",
    "CONFIG_ENV",
    "DEFAULT_SOURCE",
    "KEYS",
    "ConfigFile",
    "Key",
    "Settings",
    "SettingsError",
    "Sources",
    "attr",
    "config_files",
    "load",
    "read_file",
    "read_sources",
    "resolve",
]
