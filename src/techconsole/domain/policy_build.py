"""From a checked policy file to the runtime :class:`Policy`: cross-references, calendars."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holiday_data
from holidays.registry import EntityLoader

from techconsole.domain.calendar import BusinessCalendar, Closure, Window
from techconsole.domain.holiday_table import HolidayTable
from techconsole.domain.policy import (
    CATEGORY_KEY,
    Applies,
    ClockDef,
    Plan,
    Policy,
    Severity,
    Target,
)
from techconsole.domain.policy_levels import level_problems
from techconsole.domain.policy_schema import (
    WEEKDAYS,
    CalendarModel,
    PolicyError,
    PolicyModel,
    closure_time,
    month_day,
    parse_model,
)
from techconsole.i18n import _

Problems = list[tuple[str, str]]


def parse_policy(text: str, source: str = "<policy>") -> Policy:
    """Parse and validate a policy file's text; raise :class:`PolicyError` if broken."""
    return build_policy(parse_model(text, source), source)


def _zone(name: str, key: str, problems: Problems) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            (key, _("unknown time zone '{zone}' (use a name like Europe/Rome)").format(zone=name))
        )
        return None


def _holidays(model: CalendarModel, key: str, problems: Problems) -> HolidayTable | None:
    if model.holidays is None:
        if model.holiday_subdivision:
            problems.append((f"{key}.holiday_subdivision", _("set 'holidays' (a country) first")))
        return None
    # The registry names the countries without importing them (list_supported_countries()
    # imports every one); a subdivision is checked against its country's own list.
    country = model.holidays.upper()
    if country not in set(EntityLoader.get_country_codes()):
        problems.append(
            (
                f"{key}.holidays",
                _("unknown holiday country '{country}'").format(country=model.holidays),
            )
        )
        return None
    sub = model.holiday_subdivision
    if sub and sub not in getattr(holiday_data, country).subdivisions:
        problems.append(
            (
                f"{key}.holiday_subdivision",
                _("'{subdivision}' is not a subdivision of {country}").format(
                    subdivision=sub, country=country
                ),
            )
        )
        return None
    return HolidayTable(country, sub or None)


def _window_text(start: int, end: int) -> str:
    """``'22:00-06:00'`` for a window kept as minutes from its day's midnight."""
    (h1, m1), (h2, m2) = divmod(start % 1440, 60), divmod(end % 1440 or 1440, 60)
    return f"'{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}'"


def _check_week(model: CalendarModel, key: str, problems: Problems) -> None:
    """Windows must not overlap, within a day or across midnight into the next day.

    A problem is reported under the key the windows were written in: the day's own
    (``mon``) or ``every_day`` for the days that take it, once however many days it hits.
    """
    spans = []
    for index, (name, windows) in enumerate(zip(WEEKDAYS, model.week(), strict=True)):
        written = name if getattr(model, name) is not None else "every_day"
        for start, end in windows:
            spans.append((index * 1440 + start, index * 1440 + end, name, written))
    spans.sort()
    week_len = 7 * 1440
    for i, (start, end, day, written) in enumerate(spans):
        nxt = spans[(i + 1) % len(spans)]
        nxt_start = nxt[0] + (week_len if i + 1 == len(spans) else 0)
        if len(spans) < 2 or end <= nxt_start:
            continue
        first, second = _window_text(start, end), _window_text(nxt[0], nxt[1])
        if nxt[2] == day:
            reason = _("windows {first} and {second} overlap").format(first=first, second=second)
        elif written == nxt[3] == "every_day":
            reason = _("window {first} runs past midnight into the next day's {second}").format(
                first=first, second=second
            )
        else:
            reason = _("window {first} runs past midnight into {day}'s {second}").format(
                first=first, day=nxt[2], second=second
            )
        problem = (f"{key}.{written}", reason)
        if problem not in problems:
            problems.append(problem)


def _closures(model: CalendarModel, key: str, problems: Problems) -> tuple[Closure, ...]:
    out = []
    for i, closure in enumerate(model.closures, start=1):
        where, item = f"{key}.closures", " " + _("(item {n})").format(n=i)
        try:
            first = month_day(closure.day)
            last = month_day(closure.last_day) if closure.last_day is not None else first
            start = closure_time(closure.from_, end=False)
            end = closure_time(closure.to, end=True)
        except ValueError as exc:
            problems.append((where, f"{exc}{item}"))
            continue
        if isinstance(closure.day, str) and not closure.yearly:
            problems.append((f"{where}.date", _("a MM-DD date needs yearly = true") + item))
        elif not closure.yearly and last < first:
            problems.append((f"{where}.last_date", _("ends before it starts") + item))
        elif end <= start:
            problems.append((f"{where}.to", _("closes before it opens") + item))
        else:
            out.append(
                Closure(
                    first=first,
                    last=last,
                    start=start,
                    end=end,
                    reason=closure.reason,
                    yearly=closure.yearly,
                )
            )
    return tuple(out)


def _calendar(
    name: str, model: CalendarModel, covers_holidays: bool, problems: Problems
) -> BusinessCalendar | None:
    key = f"calendars.{name}"
    zone = _zone(model.timezone, f"{key}.timezone", problems)
    table = _holidays(model, key, problems)
    week = model.week()
    _check_week(model, key, problems)
    if not any(week):
        problems.append((key, _("no open window on any day (add mon … sun or every_day)")))
    closures = _closures(model, key, problems)
    if zone is None or not any(week):
        return None
    weekly = tuple(tuple(Window(s, e) for s, e in day) for day in week)
    return BusinessCalendar(
        zone,
        weekly,
        is_holiday=None if covers_holidays or table is None else table.__contains__,
        holiday_name=None if table is None else table.get,
        closures=closures,
        name=name,
    )


def _plans(model: PolicyModel, problems: Problems) -> dict[str, Plan]:
    plans: dict[str, Plan] = {}
    built: dict[tuple[str, bool], BusinessCalendar | None] = {}
    severities = list(model.severities)
    for name, plan in model.plans.items():
        key = f"plans.{name}"
        if plan.calendar not in model.calendars:
            problems.append(
                (f"{key}.calendar", _("unknown calendar '{name}'").format(name=plan.calendar))
            )
            continue
        cache_key = (plan.calendar, plan.holidays_covered)
        if cache_key not in built:
            built[cache_key] = _calendar(
                plan.calendar, model.calendars[plan.calendar], plan.holidays_covered, problems
            )
        targets: dict[str, Target] = {}
        for clock, value in plan.targets.items():
            where = f"{key}.targets.{clock}"
            if clock not in model.clocks:
                problems.append((where, _("unknown clock '{clock}'").format(clock=clock)))
                continue
            if isinstance(value, timedelta):
                targets[clock] = Target(by_severity=dict.fromkeys(severities, value))
                continue
            urgent = value.get("urgent")
            by_sev = {k: v for k, v in value.items() if k != "urgent"}
            unknown = [k for k in by_sev if k not in model.severities]
            missing = [s for s in severities if s not in by_sev]
            if unknown:
                problems.append(
                    (where, _("unknown severity {codes}").format(codes=", ".join(unknown)))
                )
            elif missing:
                problems.append(
                    (
                        where,
                        _("missing target for severity {codes}").format(codes=", ".join(missing)),
                    )
                )
            else:
                targets[clock] = Target(by_severity=by_sev, urgent=urgent)
        if plan.contract and not plan.targets:
            problems.append((f"{key}.targets", _("a contract plan needs at least one target")))
        calendar = built[cache_key]
        if calendar is not None:
            plans[name] = Plan(
                name=name,
                label=plan.label,
                calendar_name=plan.calendar,
                calendar=calendar,
                holidays_covered=plan.holidays_covered,
                contract=plan.contract,
                targets=targets,
                included_categories=tuple(plan.included_categories),
                included_levels=tuple(sorted(set(plan.included_levels))),
                unit_price=plan.unit_price,
                callout_fee=plan.callout_fee,
            )
    return plans


def queue_order(order: Sequence[str], priority_categories: Sequence[str]) -> tuple[str, ...]:
    """The queue's order keys: as written, with "category" (the priority categories)
    right after "contract" — ahead of the others of the same class — when the policy
    names priority categories and does not place the key itself; without any, the key
    orders nothing and is left out."""
    keys = list(order)
    if not priority_categories:
        return tuple(k for k in keys if k != CATEGORY_KEY)
    if CATEGORY_KEY not in keys:
        keys.insert(keys.index("contract") + 1 if "contract" in keys else 0, CATEGORY_KEY)
    return tuple(keys)


def build_policy(model: PolicyModel, source: str) -> Policy:
    problems: Problems = []
    zone = _zone(model.timezone, "timezone", problems)
    if not model.severities:
        problems.append(("severities", _("at least one severity is needed")))
    if not model.clocks:
        problems.append(("clocks", _("at least one clock is needed")))
    plans = _plans(model, problems)
    problems += level_problems(model)
    if model.no_contract_plan not in model.plans:
        problems.append(
            ("no_contract_plan", _("unknown plan '{plan}'").format(plan=model.no_contract_plan))
        )
    elif model.plans[model.no_contract_plan].contract:
        problems.append(("no_contract_plan", _("this plan must have contract = false")))
    for channel in model.intake.refused:
        if channel not in model.intake.channels:
            problems.append((f"intake.refused.{channel}", _("not one of intake.channels")))
    default = model.intake.default_severity
    if default is not None and default not in model.severities:
        problems.append(("intake.default_severity", _("unknown severity '{severity}'").format(
            severity=default
        )))  # fmt: skip
    if len(set(model.queue.order)) != len(model.queue.order):
        problems.append(("queue.order", _("a key is listed twice")))
    if problems or zone is None:  # a calendar shared by plans reports its problems once
        raise PolicyError(source, list(dict.fromkeys(problems)))
    return Policy(
        name=model.name,
        title=model.title or model.name,
        description=model.description,
        zone=zone,
        severities=tuple(
            Severity(code=code, label=s.label, rank=rank)
            for rank, (code, s) in enumerate(model.severities.items())
        ),
        clocks=tuple(
            ClockDef(name=name, label=c.label, applies=Applies(c.applies), stops_on=c.stops_on)
            for name, c in model.clocks.items()
        ),
        plans=plans,
        no_contract_plan=model.no_contract_plan,
        warning_left=model.sla.warning_left_percent / Decimal(100),
        queue_order=queue_order(model.queue.order, model.queue.priority_categories),
        priority_categories=tuple(dict.fromkeys(model.queue.priority_categories)),
        intake=model.intake,
        billing=model.billing,
        service=model.service,
        changes=model.changes,
        contracts=model.contracts,
        mail=model.mail,
        parts=model.parts,
        company=model.company,
        stale_timer_after=model.timer.stale_after,
        max_session=model.timer.max_session,
        discard_within=model.timer.discard_within,
        source=source,
    )
