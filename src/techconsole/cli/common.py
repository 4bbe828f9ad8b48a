"""Options shared by several commands."""

from __future__ import annotations

from typing import Annotated

import typer

from techconsole.domain.policy import Policy
from techconsole.services import policies

PolicyOpt = Annotated[
    str | None,
    typer.Option(
        "--policy",
        help="Policy preset name or path of a .toml file "
        f"[default: ${policies.ENV_VAR}, else '{policies.DEFAULT}'].",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object for machines.")]


def load_policy(choice: str | None) -> Policy:
    """The chosen policy; a broken one stops the command with file, key and reason."""
    return policies.load(choice)
