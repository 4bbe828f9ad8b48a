"""Errors raised by the domain, each carrying a message fit for a person."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was asked something it cannot answer; the message says why."""


class NaiveDatetimeError(DomainError, TypeError):
    """A datetime without a time zone reached code that needs an instant."""


class CalendarNeverOpensError(DomainError):
    """A calendar has no open time in the horizon searched."""


def problem_lines(source: str, problems: list[tuple[str, str]]) -> str:
    """One line per problem of a file (a policy, a config file): ``source: key: reason``,
    or ``source: reason`` for a problem of the whole file."""
    return "\n".join(
        f"{source}: {key}: {reason}" if key else f"{source}: {reason}" for key, reason in problems
    )


class PolicyError(DomainError):
    """A policy file is not valid: one line per problem, each with file and key."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(problem_lines(source, problems))
