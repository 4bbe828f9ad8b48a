"""One of the processes taking from the same Maildir at once (test_sources.py).

Waits for a line on standard input (so the processes start together), then takes every
new message and prints the name of each one it moved itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

from techconsole.mail.sources import MaildirSource


def main() -> None:
    source = MaildirSource(Path(sys.argv[1]))
    sys.stdin.readline()
    for fetched in source.messages():
        if source.take(fetched.key):
            print(fetched.key, flush=True)


if __name__ == "__main__":
    main()
