"""What ``generate`` reports: the counts of the rows it made, the incidents by state."""

from __future__ import annotations

from dataclasses import dataclass, field

from techconsole.store.models import OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What ``generate`` made: counts of the rows it inserted, and of the incidents by state."""

    seed: int
    #: the login of the person who ran it, a lead of the demo team
    lead: str
    #: technicians added (people already in the database are kept, not counted)
    technicians: int
    customers: int
    contacts: int
    contracts: int
    incidents: int
    #: open at ``ctx.now()`` (open, in progress, waiting, awaiting authorisation)
    open_incidents: int
    #: open incidents nobody has taken
    unassigned: int
    in_progress: int
    #: waiting on the customer (the clocks are paused)
    waiting: int
    awaiting_authorisation: int
    #: open incidents whose primary clock was due before ``ctx.now()``
    breached: int
    urgent_open: int
    #: follow-ups of visits that did not solve the problem (open or not)
    follow_ups: int
    resolved: int
    closed: int
    #: timeline entries of the incidents
    events: int
    #: timer sessions (of them running now) and materials on the incidents
    work_sessions: int
    running_timers: int
    materials: int
    #: work reports issued (one per resolved or closed incident; 0 without ``reports``)
    reports: int
    #: the first and last incident numbers (``""`` without incidents)
    first_number: str
    last_number: str
    #: the demo's team: the technicians added and those already there who work in it
    #: (the person running it, first lead of a database they just created, among them)
    team: int = 0
    #: machines of the customers under a contract, and the incidents that name one
    machines: int = 0
    incidents_on_machines: int = 0
    #: our loaner PCs (seed 004; only under a policy with ``loaner_after``), and those out
    loaners: int = 0
    loaners_out: int = 0
    #: the machines' monthly health checks done (when the policy sets them)
    health_checks: int = 0


@dataclass(slots=True)
class Counts:
    """Tallies kept while the incidents are made."""

    statuses: dict[str, int] = field(default_factory=dict)
    breached: int = 0
    urgent_open: int = 0
    follow_ups: int = 0
    unassigned: int = 0
    first_number: str = ""
    last_number: str = ""

    def summary(
        self,
        seed: int,
        lead: str,
        created: dict[str, int],
        incidents: int,
        events: int,
        work: tuple[int, int, int, int],
        team: int = 0,
    ) -> DemoSummary:
        statuses = self.statuses
        return DemoSummary(
            seed=seed,
            lead=lead,
            technicians=created["technician"],
            customers=created["customer"],
            contacts=created["contact"],
            contracts=created["contract"],
            incidents=incidents,
            open_incidents=sum(statuses.get(s, 0) for s in OPEN_STATUSES),
            unassigned=self.unassigned,
            in_progress=statuses.get("in_progress", 0),
            waiting=statuses.get("waiting", 0),
            awaiting_authorisation=statuses.get("awaiting_authorisation", 0),
            breached=self.breached,
            urgent_open=self.urgent_open,
            follow_ups=self.follow_ups,
            resolved=statuses.get("resolved", 0),
            closed=statuses.get("closed", 0),
            events=events,
            work_sessions=work[0],
            running_timers=work[1],
            materials=work[2],
            reports=work[3],
            first_number=self.first_number,
            last_number=self.last_number,
            team=team,
            machines=created.get("asset", 0),
            incidents_on_machines=created.get("incident_asset", 0),
            loaners=created.get("loaner", 0),
            loaners_out=created.get("loan_out", 0),
            health_checks=created.get("health_check", 0),
        )
