"""The incident's work sessions after the fact: ``S`` corrects one (its start, end, kind or
note, as ``techconsole timer edit`` does) and ``W`` records work done without the timer
(its start, and its end or how long it lasted, as ``techconsole timer add`` does).

Times are typed as everywhere in the console (``18:30``, ``24/11 01:15``, ``ieri alle
17``, ``2 ore fa``); a time of day alone is on the session's day (a correction's start:
the day it started; an end: the day of the start).  Durations as ``1h30``, ``1:30``,
``90'``.  Which sessions can be corrected is the service's rule: your own, anyone's for a
lead; the form offers those (see :mod:`.session_form` for the save and its refusals).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select

from techconsole.domain.errors import DomainError
from techconsole.domain.instants import format_duration, parse_duration
from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.views import IncidentView, TechnicianView
from techconsole.services.work import timer
from techconsole.services.work.timer_views import SessionView
from techconsole.tui.incident.session_form import Save, SessionForm, read_at, typed_time
from techconsole.tui.timer import figures
from techconsole.tui.widgets.form_fields import Invalid, field
from techconsole.tui.widgets.text import markup_safe, plain


def correctable(
    sessions: tuple[SessionView, ...], me: TechnicianView | None
) -> tuple[SessionView, ...]:
    """The sessions ``me`` may correct: their own, or anyone's for a lead (not known yet:
    all of them, and the service decides)."""
    if me is None or me.is_lead:
        return sessions
    return tuple(s for s in sessions if s.technician == me.login)


def span(s: SessionView, ctx: Context) -> str:
    """``23/11 10:00–11:05`` (the end's day said when it is another)."""
    zone = ctx.policy.zone
    start = s.started_at.astimezone(zone)
    if s.ended_at is None:
        return f"{start:%d/%m %H:%M}–" + _("running")
    ended = s.ended_at.astimezone(zone)
    end = f"{ended:%H:%M}" if ended.date() == start.date() else f"{ended:%d/%m %H:%M}"
    return f"{start:%d/%m %H:%M}–{end}"


def session_label(s: SessionView, ctx: Context) -> str:
    """``#12 · 23/11 10:00–11:05 · anna · remote``."""
    return plain(f"#{s.id} · {span(s, ctx)} · {s.technician} · {figures.kind_word(s.kind)}")


def said(s: SessionView, ctx: Context) -> str:
    """What the toast says of a session saved: ``#12 on 2026-000031: 23/11 10:00–11:20 ·
    1h 20m · 4 scatti · 160,00 €``, the amount said free of charge on a free incident
    (markup-safe)."""
    line = _("#{id} on {number}: {span} · {length} · {scatti} · {amount}").format(
        id=s.id,
        number=s.incident,
        span=span(s, ctx),
        length=format_duration(s.length(ctx.now())),
        scatti=figures.scatti(s.units),
        amount=figures.worth(s),
    )
    return markup_safe(line)


class EditSessionDialog(SessionForm):
    """``S``: one of the incident's sessions, corrected."""

    OK = N_("Correct")

    def __init__(self, ctx: Context, view: IncidentView, sessions: tuple[SessionView, ...]) -> None:
        super().__init__(_("Correct a session"), ctx, view)
        self.sessions = {s.id: s for s in sessions}
        self.chosen = sessions[-1]  # the latest: the one most often corrected

    def fields(self) -> ComposeResult:
        s = self.chosen
        options = [(session_label(one, self.ctx), one.id) for one in self.sessions.values()]
        picker = Select(options, value=s.id, allow_blank=False, id="session", compact=True)
        yield field(_("Session"), picker)
        yield from self.time_fields(typed_time(s.started_at, self.ctx), *self._end(s))
        yield from self.kind_note_fields(s.kind, s.note)

    def _end(self, s: SessionView) -> tuple[str, str]:
        if s.ended_at is None:
            return "", _("empty: it keeps running")
        return typed_time(s.ended_at, self.ctx), _("18:30 is on the day it started")

    @on(Select.Changed, "#session")
    def _picked(self, event: Select.Changed) -> None:
        """Another session: its times, kind and note in the fields."""
        s = self.sessions.get(event.value) if isinstance(event.value, int) else None
        if s is None or s is self.chosen:
            return
        self.chosen = s
        end, hint = self._end(s)
        self.query_one("#start", Input).value = typed_time(s.started_at, self.ctx)
        self.query_one("#end", Input).value = end
        self.set_hint("end", hint)
        self.query_one("#kind", Select).value = s.kind
        self.query_one("#note", Input).value = s.note

    @on(Input.Changed, "#start, #end")
    def _typed(self, event: Input.Changed) -> None:
        """Say at once which time was understood, or why it was not."""
        name = event.input.id or ""
        try:
            when = self._start() if name == "start" else self._end_at(self._readable_start())
        except Invalid as error:
            self.show_error(name, error.message)
            return
        self.show_time(name, when, self._end(self.chosen)[1] if name == "end" else "")

    def _readable_start(self) -> datetime:
        """The start typed, or the session's while it does not read (its field says why)."""
        try:
            return self._start()
        except Invalid:
            return self.chosen.started_at

    def _start(self) -> datetime:
        day = self.chosen.started_at.astimezone(self.ctx.policy.zone).date()
        typed = read_at("start", self.value("start"), self.ctx, day)
        if typed is None:
            raise Invalid("start", _("say when the session started"))
        return typed

    def _end_at(self, start: datetime) -> datetime | None:
        day = start.astimezone(self.ctx.policy.zone).date()
        end = read_at("end", self.value("end"), self.ctx, day)
        if end is None and self.chosen.ended_at is not None:
            raise Invalid("end", _("a stopped session keeps an end: type when it ended"))
        return end

    def collect(self) -> Save:  # type: ignore[override]
        s = self.chosen
        start = self._start()
        end = self._end_at(start)
        kind, note = self.kind(), self.value("note").strip()
        new_start = None if start == s.started_at else start
        new_end = None if end == s.ended_at else end
        new_kind = None if kind == s.kind else kind
        new_note = None if note == s.note else note
        if new_start is None and new_end is None and new_kind is None and new_note is None:
            raise Invalid("", _("nothing to correct: change a time, the kind or the note"))
        return partial(
            timer.edit,
            session_id=s.id,
            start_at=new_start,
            end_at=new_end,
            kind=new_kind,
            note=new_note,
            force=self.force(),
        )


class AddSessionDialog(SessionForm):
    """``W``: work on the incident done without the timer, recorded."""

    OK = N_("Record")

    def __init__(self, ctx: Context, view: IncidentView) -> None:
        super().__init__(_("Record past work"), ctx, view)
        self.lasted: timedelta | None = None

    def field_of(self, concerns: str | None) -> str | None:
        if concerns == "end" and self.lasted is not None:
            return "duration"  # the end came from the duration
        return super().field_of(concerns)

    def fields(self) -> ComposeResult:
        yield from self.time_fields("", "", _("or the duration · 18:30 is on the start's day"))
        box = Input(id="duration", compact=True)
        yield field(_("Duration"), box, _("instead of the end: 1h30, 1:30, 90'"))
        yield from self.kind_note_fields("remote", "")

    @on(Input.Changed, "#start, #end, #duration")
    def _typed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        self.show_error(name, None)
        try:
            start = read_at("start", self.value("start"), self.ctx)
            if name == "start":
                self.show_time("start", start, "")
            elif name == "end":
                self.show_time("end", self._end_at(start), "")
            else:
                self._said_duration(start)
        except Invalid as error:
            if error.field == name:
                self.show_error(name, error.message)

    def _said_duration(self, start: datetime | None) -> None:
        lasted = self._duration()
        if lasted is None:
            self.show_error("duration", None)
            return
        words = f"= {format_duration(lasted)}"
        if start is not None:
            from techconsole.i18n.formats import weekday_datetime

            until = weekday_datetime(start + lasted, self.ctx.policy.zone)
            words += " · " + _("until {time}").format(time=until)
        self.set_hint("duration", Text(words))

    def _end_at(self, start: datetime | None) -> datetime | None:
        day = None if start is None else start.astimezone(self.ctx.policy.zone).date()
        return read_at("end", self.value("end"), self.ctx, day)

    def _duration(self) -> timedelta | None:
        typed = self.value("duration").strip()
        if not typed:
            return None
        try:
            return parse_duration(typed.replace(" ", ""))
        except DomainError as error:
            raise Invalid("duration", str(error)) from None

    def collect(self) -> Save:  # type: ignore[override]
        start = read_at("start", self.value("start"), self.ctx)
        if start is None:
            raise Invalid("start", _("say when the work started"))
        end, lasted = self._end_at(start), self._duration()
        if end is not None and lasted is not None:
            raise Invalid("duration", _("give the end or the duration, not both"))
        if end is None and lasted is None:
            raise Invalid("end", _("say when it ended, or how long it lasted"))
        self.lasted = lasted
        end = start + lasted if lasted is not None else end
        assert end is not None
        return partial(
            timer.add,
            ref=self.view.number,
            start_at=start,
            end_at=end,
            kind=self.kind(),
            note=self.value("note").strip(),
            force=self.force(),
        )
