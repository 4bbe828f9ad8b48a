"""What each incident asks, by whom, under which plan: decided when it arrives."""

from __future__ import annotations

from techconsole.demo.arrivals import Arrivals
from techconsole.demo.model import (
    FOLLOWS,
    OPEN_AUTH,
    OPEN_LATE,
    OPEN_NEW,
    ORIGINALS,
    DemoCustomer,
    Original,
    Person,
    Request,
    Tech,
)
from techconsole.demo.picks import Weighted, one
from techconsole.demo.setting import Setting
from techconsole.demo.stories import Place, placed, told
from techconsole.i18n import _


class Requests:
    """Makes the ``Request`` of each incident: customer, requester, category, texts, plan."""

    def __init__(
        self,
        setting: Setting,
        arrivals: Arrivals,
        customer_pick: Weighted[DemoCustomer],
        team: list[Tech],
    ) -> None:
        policy = self.policy = setting.policy
        texts = self.texts = setting.texts
        self.rng = setting.rng
        self.days = setting.days
        self.gated_roles = setting.gated_roles
        self.follow_of = arrivals.follow_of
        self.severity_of = arrivals.severity_of
        self.customer_pick = customer_pick
        self.team = team
        self.tech_pick = Weighted(team, [0.5 if t.role == "lead" else 1.0 for t in team])
        severities = [s.code for s in policy.severities]
        self.severity = Weighted(severities, [1.0 + i for i in range(len(severities))])
        channels = [c for c in policy.intake.channels if policy.intake.refusal(c) is None]
        usual = {"email": 70.0, "whatsapp": 10.0, "web": 10.0, "phone": 10.0}
        channels = channels or ["email"]
        self.channel = Weighted(channels, [usual.get(c, 5.0) for c in channels])
        self.category = Weighted(texts.categories, [c.weight for c in texts.categories])
        visits = [c for c in texts.categories if c.level == 2 and c.unresolved]
        self.visit_category = Weighted(visits, [c.weight for c in visits])
        #: the originals (unsolved visits) by index, until their follow-up is made
        self.originals: dict[int, Original] = {}

    def request(self, index: int, kind: int, arrived: int) -> Request:
        rng = self.rng
        if kind in FOLLOWS:  # closing._follow_up: same customer, requester, plan; urgent
            original = self.originals.pop(self.follow_of[index])
            return Request(
                customer=original.customer,
                requester=original.requester,
                category=original.category,
                channel=original.channel,
                severity=original.severity,
                urgent=True,
                subject=_("Follow-up of {number}: {subject}").format(
                    number=original.number, subject=original.subject
                )[:300],
                description=original.description,
                plan=original.plan,
                contract=original.contract,
                gated=False,
                opener=original.assignee,
                tech=original.assignee,
                original=original,
                story=original.story,
                place=original.place,
            )
        customer = self.customer_pick.pick(rng)
        for _attempt in range(50 if kind == OPEN_LATE else 0):  # one under contract, if any
            if self._plan_for(customer, arrived)[1]:
                break
            customer = self.customer_pick.pick(rng)
        category = self.visit_category if kind in ORIGINALS else self.category
        chosen = category.pick(rng)
        if chosen.urgent and rng.random() < 0.08:
            template, urgent = one(rng, chosen.urgent), True
        else:
            template, urgent = one(rng, chosen.subjects), False
        subject, place = self.fill_placed(template)
        plan, contract = self._plan_for(customer, arrived)
        requester = self._requester(customer, kind)
        channel = self.channel.pick(rng)
        severity = self.severity_of.get(index) or self.severity.pick(rng)
        # drawn whether or not the subject has its story: the rest of the seed's data stays
        description = self.fill(one(rng, chosen.descriptions))
        story = chosen.stories.get(template)
        return Request(
            customer=customer,
            requester=requester,
            category=chosen,
            channel=channel,
            severity=severity,
            urgent=urgent,
            subject=subject,
            description=description if story is None else told(story.description, place),
            plan=plan,
            contract=contract,
            gated=requester is not None and requester[2] in self.gated_roles,
            opener=one(rng, self.team),
            tech=self._worker(kind),
            original=None,
            story=story,
            place=place,
        )

    def _worker(self, kind: int) -> Tech | None:
        """Who works on it: nobody yet on new requests, rarely before an authorisation."""
        if kind in (OPEN_NEW, OPEN_LATE) or (kind == OPEN_AUTH and self.rng.random() >= 0.3):
            return None
        return self.tech_pick.pick(self.rng)

    def _plan_for(self, customer: DemoCustomer, arrived: int) -> tuple[str, bool]:
        """As ``loaders.plan_for``: the contract in force on the local day of arrival."""
        day = self.days.ordinal(arrived)
        for first, last, plan in customer.contracts:
            if first <= day <= last:
                return plan, self.policy.plans[plan].contract
        return self.policy.no_contract_plan, False

    def _requester(self, customer: DemoCustomer, kind: int) -> Person | None:
        rng = self.rng
        if kind == OPEN_AUTH:
            gated = [c for c in customer.employees + customer.ads if c[2] in self.gated_roles]
            return one(rng, gated or customer.employees)
        r = rng.random()
        if kind == OPEN_LATE:  # not waiting for an authorisation: late
            return one(rng, customer.titolari)
        if r < 0.05:
            return None
        if r < 0.82:
            return one(rng, customer.ads if r >= 0.55 and customer.ads else customer.titolari)
        return one(rng, customer.employees)

    def fill(self, template: str) -> str:
        return self.fill_placed(template)[0]

    def fill_placed(self, template: str) -> tuple[str, Place | None]:
        """``template`` with a workstation and a number drawn for it, and those two."""
        if "{" not in template:
            return template, None
        rng = self.rng
        workstation = one(rng, self.texts.workstations)  # drawn first, then the number
        n = rng.randint(2, 9)
        return placed(template, workstation, n), (workstation, n)
