"""The rows of the demo's work: sessions and materials, and their timeline entries.

Sessions and materials are written with each batch of incidents.  Their timeline entries
(``timer_started``, ``timer_stopped``, ``material_added``, with the data ``services.work.timer``
and ``services.work.materials`` record) are kept in compact arrays and written after every
incident's own entries, so those keep the ids they had before the demo had any work.
"""

from __future__ import annotations

from array import array
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from techconsole.demo.setting import Setting
from techconsole.demo.texts import PartDef
from techconsole.demo.times import dt
from techconsole.demo.writer import BATCH, Writer, table_of
from techconsole.domain import events, parts
from techconsole.domain.billing_types import SESSION_KINDS
from techconsole.domain.scatti import units_for
from techconsole.store.work import Material, WorkSession

#: timeline entries per executemany
EVENT_BATCH = 4 * BATCH


class WorkRows:
    """Sessions and materials of one demo, by id in the order they were made."""

    def __init__(self, setting: Setting, writer: Writer, session: Session) -> None:
        self.writer = writer
        self.times = setting.times
        self.billing = setting.policy.billing
        last = session.execute(select(func.max(table_of(WorkSession).c.id))).scalar()
        self.first_session = int(last or 0) + 1
        last = session.execute(select(func.max(table_of(Material).c.id))).scalar()
        self.next_material = int(last or 0)
        #: this batch's rows, written by ``flush``
        self.batch_sessions: list[tuple[Any, ...]] = []
        self.batch_materials: list[dict[str, Any]] = []
        # Every session so far, for its timeline entries: one array per column.
        self.incident, self.tech = array("q"), array("q")
        self.kind, self.note = array("b"), array("l")
        self.start, self.end = array("q"), array("q")  # end -1: still running
        self.notes: list[str] = [""]
        self.note_index = {"": 0}
        #: (at, incident id, technician id, text, data, kind) of each material added, and
        #: of each customer's OK to a part proposed to them (seed 003)
        self.material_events: list[tuple[int, int, int, str, dict[str, Any], str]] = []
        #: how many sessions (still running) and materials were made
        self.sessions = self.running = self.materials = 0

    def add_session(
        self, incident_id: int, tech: int, kind: str, start: int, end: int | None, note: str
    ) -> None:
        db = self.times.db
        started = db(start)
        ended = None if end is None else db(end)
        self.batch_sessions.append(
            (  # LAYOUTS["work_session"]
                self.first_session + len(self.start),
                incident_id,
                tech,
                kind,
                started,
                ended,
                note,
                started,  # created_at
                started if ended is None else ended,  # updated_at
            )
        )
        index = self.note_index.get(note)
        if index is None:
            index = self.note_index[note] = len(self.notes)
            self.notes.append(note)
        self.incident.append(incident_id)
        self.tech.append(tech)
        self.kind.append(SESSION_KINDS.index(kind))
        self.note.append(index)
        self.start.append(start)
        self.end.append(-1 if end is None else end)
        self.sessions += 1
        self.running += end is None

    def add_material(
        self,
        incident_id: int,
        tech: int,
        at: int,
        day: date,
        part: PartDef,
        quantity: Decimal,
        serial: str,
        warranty: bool,
        told: tuple[int, str] | None,
    ) -> None:
        """A material as ``materials.add_material`` records it, added at ``at``; for a
        customer who asked to be told first (``told``: who answered, id 0 for nobody
        known), proposed then, and approved by phone a minute later (``part_answers``)."""
        self.next_material += 1
        self.materials += 1
        row: dict[str, Any] = {
            "id": self.next_material,
            "incident_id": incident_id,
            "description": part.description,
            "code": part.code,
            "serial": serial,
            "quantity": quantity,
            "unit_price": part.price,
            "warranty": warranty,
            "used_on": day,
            "added_by_id": tech,
            "created_at": dt(at),
            "state": parts.FITTED,
            "proposed_because": "",
            "answered_by_id": None,
            "answered_at": None,
            "answered_via": "",
        }
        data: dict[str, Any] = {
            "material_id": self.next_material,
            "quantity": str(quantity),
            "unit_price": str(part.price),
            "warranty": warranty,
        }
        if told is not None:
            contact, name = told
            row |= {
                "proposed_because": parts.ASKED,
                "answered_by_id": contact or None,
                "answered_at": dt(at + 60),
                "answered_via": "phone",
            }
            data |= {"state": parts.PROPOSED, "reason": parts.ASKED}
            answer = {"material_id": self.next_material, "contact": name or None, "via": "phone"}
            self.material_events.append(
                (at + 60, incident_id, tech, part.description, answer, events.MATERIAL_APPROVED)
            )
        self.batch_materials.append(row)
        self.material_events.append(
            (at, incident_id, tech, part.description, data, events.MATERIAL_ADDED)
        )

    def flush(self) -> None:
        """Write this batch's sessions and materials (after its incidents)."""
        self.writer.add("work_session", self.batch_sessions)
        self.writer.models(Material, self.batch_materials)
        self.batch_sessions, self.batch_materials = [], []

    def write_events(self) -> None:
        """The timeline entries of every session and material, as the services write them."""
        db, to_json, billing = self.times.db, self.writer.json, self.billing
        rows: list[tuple[Any, ...]] = []
        # json.dumps of the timer's data, made without the dicts (numbers and kinds only)
        text = self.writer.direct
        units: dict[int, int] = {}  # by length in seconds: a few thousand lengths at most
        for i in range(len(self.start)):
            number = self.first_session + i
            incident, tech, start, end = self.incident[i], self.tech[i], self.start[i], self.end[i]
            kind = SESSION_KINDS[self.kind[i]]
            started: Any
            if text:
                started = f'{{"session_id": {number}, "session_kind": "{kind}"}}'
            else:
                started = {"session_id": number, "session_kind": kind}
            rows.append((incident, db(start), tech, "timer_started", "", started))
            if end >= 0:
                length = end - start
                count = units.get(length)
                if count is None:
                    count = units[length] = units_for(billing, timedelta(seconds=length))
                minutes = length // 60
                stopped: Any
                if text:
                    stopped = f'{{"session_id": {number}, "minutes": {minutes}, "units": {count}}}'
                else:
                    stopped = {"session_id": number, "minutes": minutes, "units": count}
                note = self.notes[self.note[i]]
                rows.append((incident, db(end), tech, "timer_stopped", note, stopped))
            if len(rows) >= EVENT_BATCH:
                self.writer.add("incident_event", rows)
                rows = []
        for at, incident, tech, description, data, kind in self.material_events:
            rows.append((incident, db(at), tech, kind, description, to_json(data)))
        self.writer.add("incident_event", rows)
