"""The demo's monthly health checks (seed 004), when the policy sets them (``client-contract``):
each machine's monthly verification of its software (:mod:`.machines`) was its check, with
the checklist's items — a software found missing is a problem on its item, now and then a
problem solved on the spot — numbered ``CP-<year>-<seq>`` in the order they were done.
One machine in four has its latest check left undone (due or overdue now), and one
machine's last check found a dangerous condition: it calls for a repeat.

Drawn from a random stream of its own, after the machines: the rest of the demo is the
same with and without checks.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from techconsole.demo.setting import Setting
from techconsole.demo.writer import Writer, table_of
from techconsole.domain import check_due, check_items
from techconsole.domain.check_schedule import WORKING_DAY, due_day
from techconsole.store.assets import Asset, AssetSoftware
from techconsole.store.health import CheckCounter, HealthCheck, HealthCheckItem

FIXED = (
    ("system_logs", "Errori ricorrenti dello spooler di stampa: servizio riavviato."),
    ("os_updates", "Aggiornamenti in sospeso installati, riavvio eseguito."),
    ("free_space", "Liberati 12 GB di file temporanei."),
    ("antivirus", "Firme non aggiornate da 5 giorni: aggiornate, scansione avviata."),
)
DANGER = ("disk_health", "SMART in allarme: settori riallocati in aumento. Dati salvati.")
Found = dict[str, tuple[str, str]]


def make_checks(setting: Setting, session: Session, writer: Writer) -> dict[str, int]:
    """The checks done on the demo's machines; how many rows of each were added."""
    policy = setting.policy
    if policy.service.health_check_every_months is None:
        return {}
    rng = random.Random(f"checks-{setting.seed}")
    machines = {a.id: a for a in session.execute(select(Asset)).scalars()}
    verified: dict[tuple[int, datetime], list[AssetSoftware]] = defaultdict(list)
    for row in session.execute(select(AssetSoftware)).scalars():
        verified[(row.asset_id, row.verified_at)].append(row)
    history: dict[int, list[datetime]] = defaultdict(list)
    for asset_id, at in sorted(verified, key=lambda key: (key[1], key[0])):
        accepted = machines[asset_id].covered_since or date.min
        if at.astimezone(policy.zone).date() > accepted:  # not the verification at acceptance
            history[asset_id].append(at)
    kept: list[tuple[datetime, int, bool]] = []  # when, which machine, its last check
    for asset_id in sorted(history):
        times = history[asset_id]
        if rng.random() < 0.25:
            times = times[:-1]  # the latest check not done: due or overdue now
        kept += [(at, asset_id, at == times[-1]) for at in times]
    lasts = [asset_id for _at, asset_id, last in kept if last]
    dangerous = rng.choice(lasts) if lasts else None
    working = _working_days(setting)
    checks: list[dict[str, Any]] = []
    found_of: dict[str, Found] = {}
    counters: dict[int, int] = defaultdict(int)
    for at, asset_id, last in sorted(kept):
        day = at.astimezone(policy.zone).date()
        counters[day.year] += 1
        number = f"CP-{day.year}-{counters[day.year]:04d}"
        found = _found(rng, policy.service.health_checklist, verified[(asset_id, at)])
        if asset_id == dangerous and last and DANGER[0] in found:
            found[DANGER[0]] = (check_items.DANGER, DANGER[1])
        found_of[number] = found
        danger = any(outcome == check_items.DANGER for outcome, _text in found.values())
        within = policy.service.repeat_check_within
        checks.append(
            {
                "number": number,
                "year": day.year,
                "seq": counters[day.year],
                "asset_id": asset_id,
                "customer_id": machines[asset_id].customer_id,
                "done_at": at,
                "done_by_id": verified[(asset_id, at)][0].verified_by_id,
                "due_on": due_day(WORKING_DAY, day.replace(day=1), working),
                "repeat_of_id": None,
                "repeat_by": check_due.repeat_by(at, within, policy.zone) if danger else None,
                "no_personal_access": True,
                "note": "",
                "recorded_at": at,
            }
        )
    return _write(session, writer, checks, found_of, counters, policy.service.health_checklist)


def _working_days(setting: Setting) -> Any:
    """Whether the office of the contract plan is open a day (the default agreed day)."""
    zone = setting.policy.zone
    plans = [p for p in setting.policy.plans.values() if p.contract]

    def working(day: date) -> bool:
        if not plans:
            return day.weekday() < 5
        start = datetime.combine(day, time(0), zone)
        return bool(plans[0].calendar.intervals(start, start + timedelta(days=1)))

    return working


def _found(rng: random.Random, checklist: Sequence[str], rows: Sequence[AssetSoftware]) -> Found:
    """Each item's outcome and finding: the software as it was found, the rest fine but
    for a problem solved on the spot now and then."""
    found = dict.fromkeys(checklist, (check_items.OK, ""))
    for row in rows:
        if row.name in found and not row.installed:
            found[row.name] = (check_items.PROBLEM, row.note or "non installato")
    if rng.random() < 0.15:
        key, text = rng.choice(FIXED)
        if found.get(key, ("", ""))[0] == check_items.OK:
            found[key] = (check_items.FIXED, text)
    return found


def _write(
    session: Session,
    writer: Writer,
    checks: list[dict[str, Any]],
    found_of: dict[str, Found],
    counters: dict[int, int],
    checklist: Sequence[str],
) -> dict[str, int]:
    writer.models(HealthCheck, checks)
    table = table_of(HealthCheck)
    ids: dict[str, int] = {}
    for number, id_ in session.execute(select(table.c.number, table.c.id)):
        ids[number] = id_
    items = [
        {
            "check_id": ids[number],
            "position": i,
            "item": key,
            "outcome": found[key][0],
            "finding": found[key][1],
            "incident_id": None,
        }
        for number, found in found_of.items()
        for i, key in enumerate(checklist)
    ]
    writer.models(HealthCheckItem, items)
    writer.models(CheckCounter, [{"year": y, "last": n} for y, n in sorted(counters.items())])
    return {"health_check": len(checks), "health_check_item": len(items)}
