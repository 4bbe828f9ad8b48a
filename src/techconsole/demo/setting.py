"""What one demo run is made from: the context, the texts, the seed, its span of time."""

from __future__ import annotations

import random
from datetime import timedelta

from techconsole.demo.texts import DemoTexts
from techconsole.demo.times import DAY, LocalDays, Times, seconds
from techconsole.services.context import Context


class Setting:
    """The fixed facts of one run, and its random stream (every part draws from it in turn,
    so the order of the draws is part of what the seed gives; the work done on the
    incidents has a stream of its own, see ``work``)."""

    def __init__(
        self, ctx: Context, texts: DemoTexts, seed: int, incidents: int, customers: int
    ) -> None:
        policy = self.policy = ctx.policy
        self.ctx = ctx
        self.texts = texts
        self.seed = seed
        self.rng = random.Random(seed)
        self.n_incidents = incidents
        self.n_customers = customers
        self.now = ctx.now()
        self.now_s = seconds(self.now)
        self.span_days = min(730, max(42, incidents // 25))
        self.start_s = self.now_s - self.span_days * DAY
        self.today = self.now.astimezone(policy.zone).date()
        first_day = (self.now - timedelta(days=self.span_days + 10)).astimezone(policy.zone).date()
        self.days = LocalDays(policy, first_day, self.today + timedelta(days=2))
        self.times = Times()
        self.contract_plans = [p.name for p in policy.plans.values() if p.contract]
        #: the plan whose office hours the team keeps for what has no plan of its own (an
        #: unsolved visit's end before its request is drawn, a machine's monthly check):
        #: the first under contract
        self.office = (self.contract_plans or list(policy.plans))[0]
        self.gated_roles = frozenset(policy.intake.needs_authorisation)
        self.rank = {s.code: s.rank for s in policy.severities}
