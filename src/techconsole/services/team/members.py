"""Technicians and leads.  Identity is the real OS user; leads add people.

A database's first lead is the real user who first opens it
(:func:`techconsole.services.identity.ensure_first_lead`).
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.errors import Conflict, InvalidInput, NotAllowed
from techconsole.services.records import actor, audit, technician
from techconsole.services.views import Identity, TechnicianView
from techconsole.store.models import Incident, Technician
from techconsole.store.retry import retried_read

ROLES = ("technician", "lead")


def view(tech: Technician) -> TechnicianView:
    assert tech.id is not None
    return TechnicianView(tech.id, tech.login, tech.display_name, tech.role, tech.active)


def add_technician(
    ctx: Context, login: str, display_name: str, role: str = "technician"
) -> TechnicianView:
    """Add a person (a lead does it).  On a database without anyone yet, the person
    running the program may add only themselves, and becomes its lead."""
    login = login.strip()
    if not login or any(c.isspace() for c in login):
        raise InvalidInput(_("a login is the person's OS user name, without spaces"))
    if role not in ROLES:
        raise InvalidInput(_("role is one of: {roles}").format(roles=", ".join(ROLES)))
    if not display_name.strip():
        raise InvalidInput(_("give the person's name with --name"))
    bounds.name(login, N_("login"))
    bounds.name(display_name, N_("name"))
    with ctx.write() as session:
        count = session.exec(select(func.count()).select_from(Technician)).one()
        if count:
            actor(session, ctx, lead=True, what=N_("add technicians"))
        elif login != ctx.os_login or ctx.on_behalf:
            raise NotAllowed(
                _(
                    "this database has no technician yet: its first lead is the person who "
                    "opens it ({login})"
                ).format(login=ctx.os_login)
            )
        else:
            role = "lead"  # someone must be able to add the others
        exists = session.exec(select(Technician).where(Technician.login == login)).first()
        if exists is not None:
            raise Conflict(_("'{login}' is already a technician").format(login=login))
        tech = Technician(
            login=login, display_name=display_name.strip(), role=role, created_at=ctx.now()
        )
        session.add(tech)
        session.flush()
        audit(
            session,
            ctx.actor,
            "technician.add",
            "technician",
            tech.id,
            ctx.now(),
            login=login,
            role=role,
        )
        return view(tech)


def set_active(ctx: Context, login: str, active: bool) -> TechnicianView:
    """A lead lets someone use techconsole again, or no longer (they left the team):
    never themselves (so an active lead is always left to undo it)."""
    with ctx.write() as session:
        who = actor(session, ctx, lead=True, what=N_("activate or deactivate technicians"))
        tech = technician(session, login)
        if not active and tech.id == who.id:
            raise NotAllowed(_("you cannot deactivate yourself: another lead does it"))
        if tech.active == active:
            said = _("{login} is already active") if active else _("{login} is already inactive")
            raise Conflict(said.format(login=tech.login))
        tech.active = active
        audit(
            session,
            ctx.actor,
            "technician.active",
            "technician",
            tech.id,
            ctx.now(),
            login=login,
            active=active,
        )
        return view(tech)


@retried_read
def open_incidents_of(ctx: Context, login: str) -> int:
    """How many open incidents are assigned to ``login``."""
    with ctx.db.read() as session:
        tech = technician(session, login)
        query = select(func.count()).select_from(Incident).where(col(Incident.is_open))
        return int(session.exec(query.where(Incident.assignee_id == tech.id)).one())


@retried_read
def list_technicians(ctx: Context, *, include_inactive: bool = False) -> list[TechnicianView]:
    with ctx.db.read() as session:
        query = select(Technician).order_by(col(Technician.login))
        if not include_inactive:
            query = query.where(col(Technician.active))
        return [view(t) for t in session.exec(query)]


@retried_read
def whoami(ctx: Context) -> TechnicianView:
    """The technician running the program; unknown logins are told how to be added."""
    with ctx.db.read() as session:
        return view(actor(session, ctx))


def identity(ctx: Context) -> Identity:
    """Who runs the program and the technician they act as (:func:`whoami`)."""
    return Identity(ctx.os_login, whoami(ctx))
