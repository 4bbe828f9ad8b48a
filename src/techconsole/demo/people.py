"""The demo's people: the team (the person running it as a lead) and the customers, with
their contracts and contacts."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from techconsole.demo.model import DemoCustomer, Tech
from techconsole.demo.picks import Weighted, one
from techconsole.demo.setting import Setting
from techconsole.demo.times import DAY, dt
from techconsole.demo.writer import Writer, table_of
from techconsole.domain.search import fold
from techconsole.store.models import Contact, Contract, Customer, Technician


def make_team(setting: Setting, session: Session, writer: Writer) -> tuple[list[Tech], int]:
    """5 to 8 people: the one running the demo and one other are leads.

    Also how many of them were added (people already in the database are kept)."""
    rng, texts, actor = setting.rng, setting.texts, setting.ctx.actor
    size = rng.randint(5, 8)
    lead = next((t for t in texts.technicians if t[2]), texts.technicians[0])
    others = [t for t in texts.technicians if t is not lead]
    rng.shuffle(others)
    actor_name = next((t[1] for t in texts.technicians if t[0] == actor), actor)
    wanted = [(actor, actor_name, "lead")]
    for login, name, is_lead in [lead, *others]:
        if len(wanted) < size and login != actor:
            wanted.append((login, name, "lead" if is_lead else "technician"))
    # People already in the database stay as they are (and work only if active).
    existing = {t.login: t for t in session.scalars(select(Technician))}
    next_id = max((t.id or 0 for t in existing.values()), default=0)
    team, rows = [], []
    created = dt(setting.start_s - 60 * DAY)
    for login, name, role in wanted:
        found = existing.get(login)
        if found is not None:
            if found.active and found.id is not None:
                team.append(Tech(found.id, login, found.display_name, found.role))
            continue
        next_id += 1
        team.append(Tech(next_id, login, name, role))
        rows.append(
            {
                "id": next_id,
                "login": login,
                "display_name": name,
                "role": role,
                "active": True,
                "created_at": created,
            }
        )
    writer.models(Technician, rows)
    return team, len(rows)


def make_customers(
    setting: Setting, session: Session, writer: Writer
) -> tuple[Weighted[DemoCustomer], dict[str, int]]:
    """The customers, their contracts and contacts; how busy each one keeps the team.

    Also how many rows of each table were added."""
    rng, texts = setting.rng, setting.texts
    models = (("customer", Customer), ("contact", Contact), ("contract", Contract))
    ids = {
        name: int(session.execute(select(func.max(table_of(model).c.id))).scalar() or 0)
        for name, model in models
    }
    activity = Weighted(*zip(*texts.activities, strict=True))
    form = Weighted(*zip(*texts.legal_forms, strict=True))
    pattern = Weighted(*zip(*texts.name_patterns, strict=True))
    plans = setting.contract_plans
    plan_pick = Weighted(plans, [1.0 / (i + 1) for i in range(len(plans))]) if plans else None
    busy = {p: 1.5 + i * 0.75 for i, p in enumerate(plans)}
    taken: set[str] = set()
    chosen: list[DemoCustomer] = []
    weights: list[float] = []
    rows: dict[str, list[dict[str, Any]]] = {"customer": [], "contact": [], "contract": []}
    for number in range(setting.n_customers):
        ids["customer"] += 1
        town, cap, province = rng.choice(texts.towns)
        name = _company_name(setting, activity, form, pattern, taken, town)
        core = re.sub(r"\s+(S\.\S+|di .*)$", "", name)
        customer = DemoCustomer(ids["customer"], name, f"{_slug(core)}.{texts.email_domain}")
        # Contracts: running (some renewed from earlier years), expired, or none; the
        # first customers show each: every plan running, then one expired, one without.
        current = None
        kind, plan = rng.random(), plan_pick.pick(rng) if plan_pick else ""
        if number < len(plans):
            kind, plan = 0.0, plans[number]
        elif number <= len(plans) + 1:
            kind = 0.6 if number == len(plans) else 0.9
        if plan_pick is not None and kind < 0.75:
            running = kind < 0.6
            if running:
                end = setting.today + timedelta(days=rng.randint(5, 360))
            else:
                end = setting.today - timedelta(days=rng.randint(1, 420))
            current = plan if running else None
            for _year in range(one(rng, (1, 2, 2, 3, 3))):
                start = _year_before(end)
                ids["contract"] += 1
                amount = 600 * (1 + plans.index(plan)) * rng.uniform(0.8, 1.4)
                rows["contract"].append(
                    {
                        "id": ids["contract"],
                        "customer_id": customer.id,
                        "plan": plan,
                        "starts_on": start,
                        "ends_on": end,
                        "prepaid": Decimal(int(amount / 10) * 10).quantize(Decimal("0.01")),
                        "notes": "",
                        # paid in advance (seed 001), a week before it starts; the running
                        # contract of every sixth customer not yet (no draw: the demo's
                        # random stream stays as it was)
                        "paid_on": None
                        if number % 6 == 4 and end >= setting.today
                        else start - timedelta(days=7),
                    }
                )
                customer.contracts.append((start.toordinal(), end.toordinal(), plan))
                end = start - timedelta(days=1)
                if rng.random() < 0.3:
                    plan = plan_pick.pick(rng)
        # A few resellers, some customers whose ADS we are, some who want to hear
        # before any spare part is fitted: the first customers show each.
        reseller = rng.random() < 0.05 or number % 40 == 1
        we_are_ads = rng.random() < 0.25 or number == 0
        notify = rng.random() < 0.15 or number == 2
        customer.notify = notify
        rows["customer"].append(
            {
                "id": customer.id,
                "name": name,
                "name_folded": fold(name),  # the store's copy for the search
                "vat_number": f"IT{rng.randrange(10**7):07d}000{rng.randrange(10)}",
                "address": (
                    f"{rng.choice(texts.streets)} {rng.randint(1, 180)}, {cap} {town} ({province})"
                ),
                "deployment": "cloud" if rng.random() < 0.4 else "on_premise",
                "reseller": reseller,
                "reseller_since": (
                    setting.today - timedelta(days=rng.randint(30, 1500)) if reseller else None
                ),
                "we_are_ads": we_are_ads,
                "notify_before_parts": notify,
                "notes": rng.choice(texts.customer_notes) if rng.random() < 0.2 else "",
                "created_at": dt(setting.start_s - rng.randint(30, 2000) * DAY),
            }
        )
        # The titolare, an ADS of their own (unless we are their ADS), employees.
        roles = ["titolare"]
        if not we_are_ads and rng.random() < 0.5:
            roles.append("ads")
        roles += ["employee"] * rng.randint(1, 4)
        names: set[str] = set()
        for role in roles:
            first, last = rng.choice(texts.first_names), rng.choice(texts.surnames)
            while f"{first} {last}" in names:
                first, last = rng.choice(texts.first_names), rng.choice(texts.surnames)
            person = f"{first} {last}"
            names.add(person)
            ids["contact"] += 1
            email = f"{_email_name(first)}.{_email_name(last)}@{customer.domain}"
            phone = ""
            if rng.random() < 0.7:
                digits = f"{rng.randrange(1000):03d} {rng.randrange(10000):04d}"
                phone = f"{texts.phone_prefix} {digits}"
            rows["contact"].append(
                {
                    "id": ids["contact"],
                    "customer_id": customer.id,
                    "name": person,
                    "role": role,
                    "email": email if rng.random() < 0.95 else "",
                    "phone": phone,
                    "active": True,
                }
            )
            entry = (ids["contact"], person, role)
            if role == "titolare":
                customer.titolari.append(entry)
            elif role == "ads":
                customer.ads.append(entry)
            else:
                customer.employees.append(entry)
        chosen.append(customer)
        weights.append(busy.get(current or "", 0.8) * rng.lognormvariate(0, 0.6))
    for name, model in models:
        writer.models(model, rows[name])
    return Weighted(chosen, weights), {name: len(rows[name]) for name, _ in models}


def _company_name(
    setting: Setting,
    activity: Weighted[str],
    form: Weighted[str],
    pattern: Weighted[str],
    taken: set[str],
    town: str,
) -> str:
    rng, texts = setting.rng, setting.texts
    name = ""
    for attempt in range(30):
        surname, surname2 = rng.sample(texts.business_surnames, 2)
        name = pattern.pick(rng).format(
            activity=activity.pick(rng),
            surname=surname,
            surname2=surname2,
            place=rng.choice(texts.business_places),
            first=rng.choice(texts.first_names),
            form=form.pick(rng),
        )
        name = " ".join(name.split())
        if attempt >= 20:
            name = f"{name} – {town}"
        if name not in taken:
            break
    base, serial = name, 2
    while name in taken:
        name, serial = f"{base} ({serial})", serial + 1
    taken.add(name)
    return name


def _year_before(end: date) -> date:
    """The first day of the one-year contract that ends on ``end``."""
    after = end + timedelta(days=1)
    try:
        return after.replace(year=after.year - 1)
    except ValueError:  # 29 February
        return after.replace(year=after.year - 1, day=28)


def _slug(value: str) -> str:
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


@lru_cache(maxsize=4096)  # first names and surnames: a few hundred, over and over
def _email_name(value: str) -> str:
    return _slug(value).replace("-", "")
