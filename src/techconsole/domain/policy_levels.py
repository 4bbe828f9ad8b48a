"""The service levels a policy's plans include (seed 004), checked across the file.

``[plans.X] included_levels = [1, 2]`` says which levels a *contract* includes: level-1
work is part of it, level-2 labour is free when ``[billing.free]
level2_labour_under_contract`` says so (:mod:`techconsole.domain.levels`).  A plan
without a contract includes none, and that rule must find a plan to apply to.
"""

from __future__ import annotations

from techconsole.domain.policy_schema import PolicyModel
from techconsole.i18n import _


def level_problems(model: PolicyModel) -> list[tuple[str, str]]:
    """(key, reason) for each level set where it cannot apply."""
    problems: list[tuple[str, str]] = []
    for name, plan in model.plans.items():
        key = f"plans.{name}.included_levels"
        if plan.included_levels and not plan.contract:
            said = _("only a contract plan includes service levels (this one has contract = false)")
            problems.append((key, said))
        if len(set(plan.included_levels)) != len(plan.included_levels):
            problems.append((key, _("a level is listed twice")))
    includes_two = any(p.contract and 2 in p.included_levels for p in model.plans.values())
    if model.billing.free.level2_labour_under_contract and not includes_two:
        problems.append(
            (
                "billing.free.level2_labour_under_contract",
                _(
                    "no contract plan includes level 2: add included_levels = [2] (or [1, 2]) "
                    "to the plans whose level-2 labour is free"
                ),
            )
        )
    return problems
