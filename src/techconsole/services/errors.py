"""Why a use case refused: each error carries a message for a person and an exit code.

The message is in the language in use when the error is raised (``_()`` at raise
time); the exit code never depends on the language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from techconsole.i18n import _


class ServiceError(Exception):
    """A use case could not be done; nothing was changed."""

    code = 1
    #: which of the use case's inputs the refusal is about (``"start"``, ``"end"``,
    #: ``"session"``…: the use case's own names for them), when it is about one; a form
    #: says the refusal next to that field
    concerns: str | None = None


@contextmanager
def concerning(what: str) -> Iterator[None]:
    """A refusal raised inside is about the input ``what`` (unless it says already)."""
    try:
        yield
    except ServiceError as error:
        if error.concerns is None:
            error.concerns = what
        raise


class NotFound(ServiceError):
    """An incident, customer, contact or technician that does not exist."""

    code = 2


class InvalidInput(ServiceError):
    code = 2


class NotAllowed(ServiceError):
    """The actor may not do this (e.g. a lead's action asked by a technician)."""


class NotAuthorised(ServiceError):
    """Work on an incident the customer has not authorised: not yet, or not any more
    (seed 001: a titolare's or ADS's temporary authorisation)."""

    code = 2


class InvalidTransition(ServiceError):
    """The incident is not in a state where this can happen."""


class Conflict(ServiceError):
    """Someone else got there first (e.g. the incident was claimed meanwhile)."""


class UnknownActor(ServiceError):
    """The person running techconsole is not a known, active technician.

    ``on_behalf``: a lead asked to act for them (``--as``), so it is the lead who reads
    this: it speaks of that person, not to them.
    """

    code = 2

    def __init__(self, login: str, *, inactive: bool = False, on_behalf: bool = False) -> None:
        if inactive and on_behalf:
            said = _(
                "'{login}' is no longer active on this database: a lead lets them in again "
                "with: techconsole tech activate {login}"
            )
        elif inactive:  # deactivated by a lead: adding them again would be refused
            said = _(
                "'{login}' is no longer active on this database. A lead lets you in again "
                "with: techconsole tech activate {login}"
            )
        elif on_behalf:
            said = _(
                "'{login}' is not a technician of this database: a lead adds them with: "
                'techconsole tech add {login} --name "Their Name" (add --role lead for a lead)'
            )
        else:
            said = _(
                "'{login}' is not a technician of this database. A lead adds you with: "
                'techconsole tech add {login} --name "Your Name" (add --role lead for a lead)'
            )
        super().__init__(said.format(login=login))
        self.login = login


class ActingRefused(ServiceError):
    """Someone who is not an active lead asked to act on another technician's behalf.

    ``asked`` is how they asked, as they wrote it: ``--as anna``, ``TECHCONSOLE_USER=anna``
    or the config file's ``user``.
    """

    code = 2

    def __init__(self, os_login: str, actor: str, asked: str) -> None:
        super().__init__(
            _(
                "{asked}: only an active team lead of this database may act on someone "
                "else's behalf, and you ({os_login}) are not one; nothing was done. Leave it "
                "out to act as yourself"
            ).format(asked=asked, os_login=os_login)
        )
        self.os_login = os_login
        self.actor = actor
