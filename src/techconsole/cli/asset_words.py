"""Machines worded: for people (their kind, their coverage, as Rich markup) and for
machines (``--json``: plain values, times in the policy's zone)."""

from __future__ import annotations

from typing import Any

from techconsole.cli.output import safe
from techconsole.cli.render import iso
from techconsole.domain.machine_words import kind_word as kind_word
from techconsole.domain.policy import Policy
from techconsole.i18n import _, pgettext
from techconsole.services.assets.views import AssetDetail, AssetView, SoftwareView


def coverage_words(view: AssetView) -> str:
    """``covered`` or ``not covered: backup not installed since 12/11/2026`` (markup)."""
    if view.covered:
        covered = pgettext("machine", "covered")
        return f"[green]{covered}[/green]"
    why = safe("; ".join(view.reasons()), one_line=True)
    said = _("not covered: {reasons}").format(reasons=why)
    if view.flagged:  # the customer's data on a device out of the package (seed 004)
        return f"[bold yellow]⚠ {said}[/bold yellow]"
    return f"[yellow]{said}[/yellow]"


def asset_json(view: AssetView, policy: Policy) -> dict[str, Any]:
    zone = policy.zone
    return {
        "id": view.id,
        "customer_id": view.customer_id,
        "customer": view.customer,
        "name": view.name,
        "kind": view.kind,
        "serial": view.serial,
        "os": view.os,
        "location": view.location,
        "covered_since": view.covered_since,
        "remote_id": view.remote_id,
        "notes": view.notes,
        "created_at": iso(view.created_at, zone),
        "updated_at": iso(view.updated_at, zone),
        "retired_at": iso(view.retired_at, zone),
        "retired": view.retired,
        "synced": view.synced,
        "in_package": view.in_package,
        "covered": view.covered,
        "flagged": view.flagged,
        "reasons": list(view.reasons()),
        "gaps": [
            {"code": g.code, "software": g.software or None, "day": g.day}
            for g in view.coverage.gaps
        ],
    }


def software_json(view: SoftwareView, policy: Policy) -> dict[str, Any]:
    return {
        "id": view.id,
        "name": view.name,
        "product": view.product,
        "installed": view.installed,
        "verified_at": iso(view.verified_at, policy.zone),
        "verified_by": view.verified_by,
        "note": view.note,
    }


def detail_json(found: AssetDetail, policy: Policy) -> dict[str, Any]:
    data = asset_json(found.asset, policy)
    data["required_software"] = list(found.required)
    data["software"] = [software_json(s, policy) for s in found.software]
    data["history"] = [software_json(s, policy) for s in found.history]
    inspection = found.inspection
    data["inspection"] = (
        None
        if inspection is None
        else {
            "at": iso(inspection.inspected_at, policy.zone),
            "by": inspection.inspected_by,
            "findings": inspection.findings,
        }
    )
    data["incidents"] = list(found.incidents)
    return data
