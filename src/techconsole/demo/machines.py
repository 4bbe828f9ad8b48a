"""The demo's machines (seed 004): each customer under a contract today gets one to four,
with the required software verified at acceptance and once a month since; a few have
lost their coverage (the backup or the antivirus found missing, or never verified), and
some of the customer's recent incidents name one of their machines.

The machines draw from a random stream of their own, so that the rest of the demo (the
customers, the incidents, the work) is the same as without them.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlmodel import Session

from techconsole.demo.model import DemoCustomer, Tech
from techconsole.demo.setting import Setting
from techconsole.demo.texts import DemoTexts
from techconsole.demo.writer import Writer, table_of
from techconsole.domain.calendar import BusinessCalendar
from techconsole.domain.policy import Plan
from techconsole.store.assets import Asset, AssetInspection, AssetSoftware, IncidentAsset
from techconsole.store.models import Incident

#: at most this many customers get machines: the demo stays quick at any size
MAX_CUSTOMERS = 300
SYSTEMS = ("Windows 11 Pro", "Windows 11 Pro", "Windows 10 Pro", "Windows 11 Home")
SERVER_SYSTEM = "Windows Server 2022"
FINDINGS = (
    "Nessuna avaria hardware; dati messi in sicurezza sul server.",
    "Ventola del processore rumorosa: pulita. Disco in buono stato.",
    "Batteria tampone scarica: sostituita. Nessun'altra avaria.",
    "Disco con settori riallocati: clonato su un disco nuovo prima dell'installazione.",
)
#: where a customer's server stands
SERVER_PLACES = ("locale tecnico", "armadio rack", "ufficio del titolare")
#: software checked when the policy requires none (the demo shows the records anyway)
DEFAULT_SOFTWARE = ("antivirus", "backup")


class Owned(NamedTuple):
    """One of a customer's machines, as the incidents' links need it."""

    id: int
    accepted: datetime
    place: str
    server: bool


def make_machines(
    setting: Setting,
    session: Session,
    writer: Writer,
    customers: Sequence[DemoCustomer],
    team: Sequence[Tech],
) -> dict[str, int]:
    """Machines, their verifications and inspections; how many rows of each were added."""
    rng = random.Random(f"machines-{setting.seed}")
    today = setting.today.toordinal()
    plans = set(setting.contract_plans)
    running = [
        c
        for c in customers
        if any(start <= today <= end and plan in plans for start, end, plan in c.contracts)
    ][:MAX_CUSTOMERS]
    software = setting.policy.service.required_software or DEFAULT_SOFTWARE
    next_id = int(session.execute(select(func.max(table_of(Asset).c.id))).scalar() or 0)
    zone, now = setting.policy.zone, setting.now
    office = setting.policy.plan(setting.office)  # the monthly checks keep its hours
    rows: dict[str, list[dict[str, Any]]] = {"asset": [], "software": [], "inspection": []}
    owned: dict[int, list[Owned]] = {}
    for customer in running:
        start = date.fromordinal(max(s for s, e, p in customer.contracts if s <= today <= e))
        places = rng.sample(setting.texts.workstations, min(4, len(setting.texts.workstations)))
        for number, place in enumerate(places[: rng.randint(1, 4)]):
            next_id += 1
            server = number == 0 and rng.random() < 0.25
            if server:  # where the customer keeps it, not at a desk
                place = rng.choice(SERVER_PLACES)
            day = datetime.combine(start + timedelta(days=rng.randint(0, 20)), time(9), zone)
            accepted = _taken_on(office.calendar, day, now - timedelta(days=1))
            rows["asset"].append(
                {
                    "id": next_id,
                    "customer_id": customer.id,
                    "name": "Server" if server else f"PC-{_name(place)}",
                    "kind": "server" if server else rng.choice(("workstation",) * 3 + ("laptop",)),
                    "serial": f"SN{rng.randrange(10**8):08d}",
                    "os": SERVER_SYSTEM if server else rng.choice(SYSTEMS),
                    "location": place,
                    "covered_since": accepted.astimezone(zone).date(),
                    "remote_id": " ".join(str(rng.randint(100, 999)) for _ in range(3)),
                    "notes": "",
                    "created_at": accepted,
                    "updated_at": accepted,
                    "retired_at": None,
                }
            )
            owned.setdefault(customer.id, []).append(Owned(next_id, accepted, place, server))
            tech = rng.choice(team).id
            rows["inspection"].append(
                {
                    "asset_id": next_id,
                    "inspected_at": accepted,
                    "inspected_by_id": tech,
                    "findings": rng.choice(FINDINGS),
                    "recorded_at": accepted,
                }
            )
            rows["software"] += _checks(rng, next_id, software, accepted, now, team, office)
    writer.models(Asset, rows["asset"])
    writer.models(AssetInspection, rows["inspection"])
    writer.models(AssetSoftware, rows["software"])
    links = _links(rng, session, writer, owned, setting.texts)
    return {
        "asset": len(rows["asset"]),
        "asset_software": len(rows["software"]),
        "asset_inspection": len(rows["inspection"]),
        "incident_asset": links,
    }


def _taken_on(calendar: BusinessCalendar, day: datetime, latest: datetime) -> datetime:
    """When a machine was taken on: at ``day`` (9 o'clock) or when the office next
    opened, a working day; at the latest the last opening before ``latest``."""
    at = calendar.next_opening(day)
    if at <= latest:
        return at
    opened = calendar.intervals(latest - timedelta(days=30), latest)
    return opened[-1][0] if opened else latest


def _checks(
    rng: random.Random,
    asset: int,
    software: Sequence[str],
    accepted: datetime,
    now: datetime,
    team: Sequence[Tech],
    office: Plan,
) -> list[dict[str, Any]]:
    """Installed at acceptance, verified again each month in ``office``'s hours (from the
    day a month on); one machine in eight loses a piece of software along the way (found
    missing at a monthly check; half of them get it back the month after), one in twenty
    has one never verified."""
    fate = rng.random()
    lost = rng.choice(software) if fate < 0.125 else None
    never = rng.choice(software) if 0.125 <= fate < 0.175 else None
    months = max(0, (now - accepted).days // 30)
    lost_at = rng.randint(1, months) if lost and months else None
    # half of those lost are reinstalled by the next month's check
    back_at = lost_at + 1 if lost_at is not None and rng.random() < 0.5 else None
    found: list[dict[str, Any]] = []
    for month in range(months + 1):
        hours = timedelta(hours=rng.randint(0, 6))
        at = accepted + timedelta(days=30 * month) + hours
        if at >= now:
            break
        tech = rng.choice(team).id
        # the office's hours from that day's opening (at acceptance: its own time)
        calendar = office.calendar
        at = calendar.add(calendar.next_opening(at - hours), hours)
        if at >= now:  # not done yet (the month after is further still): the same
            break  # draws as before the checks kept office hours
        for name in software:
            if name == never:
                continue
            missing = (
                lost_at is not None and month >= lost_at and (back_at is None or month < back_at)
            )
            installed = not (name == lost and missing)
            found.append(
                {
                    "asset_id": asset,
                    "name": name,
                    "product": "",
                    "installed": installed,
                    "verified_at": at,
                    "verified_by_id": tech,
                    "note": "" if installed else "disinstallato dall'utente",
                    "recorded_at": at,
                }
            )
    return found


def _links(
    rng: random.Random,
    session: Session,
    writer: Writer,
    owned: dict[int, list[Owned]],
    texts: DemoTexts,
) -> int:
    """The incidents of the customers with machines that name one of the machines the
    customer had when the request arrived, of the kind its category is about (the server
    for the server's problems, else a workstation).  A request whose subject names a
    workstation names the machine of that kind standing there (none when the customer has
    none there on the register); of the others, about half name one (none for the
    network, the phones, the website)."""
    if not owned:
        return 0
    column = table_of(Incident).c
    customers, rows = list(owned), []
    places = _places(texts.workstations)
    kinds = {category.code: category.machine for category in texts.categories}
    for chunk in range(0, len(customers), 500):
        found = session.execute(
            select(
                column.id, column.customer_id, column.arrived_at, column.subject, column.category
            )
            .where(column.customer_id.in_(customers[chunk : chunk + 500]))
            .order_by(column.id)
        ).all()
        for incident_id, customer_id, arrived, subject, category in found:
            had = [m for m in owned[customer_id] if m.accepted <= arrived]
            said = places.search(subject.casefold())
            named = None if said is None else said.group(1)
            kind = kinds.get(category, "none")
            fitting = [m for m in had if m.server == (kind == "server")]
            if named is not None:  # "il PC della segreteria": not the server standing there
                chosen = next((m.id for m in fitting if m.place.casefold() == named), None)
            elif kind == "none":
                chosen = None
            else:
                chosen = rng.choice(fitting).id if fitting and rng.random() < 0.5 else None
            if chosen is not None:
                rows.append({"incident_id": incident_id, "asset_id": chosen})
    writer.models(IncidentAsset, rows)
    return len(rows)


def _places(workstations: Sequence[str]) -> re.Pattern[str]:
    """What finds the first workstation a (casefolded) subject names, as whole words
    ("sala riunioni" before a shorter name it may hold)."""
    longest_first = sorted((w.casefold() for w in workstations), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in longest_first) + r")\b")


def _name(place: str) -> str:
    """``ufficio tecnico`` → ``Ufficio-Tecnico``: a machine's name from where it stands."""
    plain = unicodedata.normalize("NFKD", place).encode("ascii", "ignore").decode()
    return "-".join(w.capitalize() for w in re.split(r"[^A-Za-z0-9]+", plain) if w)
