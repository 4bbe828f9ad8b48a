"""The error a setting that cannot be used raises: where it came from, and each problem."""

from __future__ import annotations

from techconsole.domain.errors import problem_lines


class SettingsError(Exception):
    """A setting that cannot be used: one line per problem, ``source: key: reason``."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(problem_lines(source, problems))
