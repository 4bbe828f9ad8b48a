"""The shapes the generator works with: people, requests, an incident's state, its fate.

What an incident is (its *kind*) is decided before its details: it fixes its arrival and
its fate (done, an unsolved visit and its follow-up, open in one state or another).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from techconsole.demo.stories import Place, Story
from techconsole.demo.texts import Category

# What an incident is, decided before its details (it fixes its arrival and its fate).
DONE, DONE_ORIGINAL, DONE_FOLLOW, OPEN_ORIGINAL = 0, 1, 2, 3
OPEN_NEW, OPEN_WORKING, OPEN_WAITING, OPEN_AUTH, OPEN_FOLLOW = 4, 5, 6, 7, 8
#: open, nobody took it, under contract and days old: past its target
OPEN_LATE = 9
ORIGINALS = (DONE_ORIGINAL, OPEN_ORIGINAL)
FOLLOWS = (DONE_FOLLOW, OPEN_FOLLOW)

#: a timeline entry: when, the technician's id, kind, text, data
Event = tuple[int, int | None, str, str, dict[str, Any]]
#: a customer's contact: id, name, role
Person = tuple[int, str, str]


@dataclass(slots=True)
class Tech:
    id: int
    login: str
    name: str
    role: str


@dataclass(slots=True)
class DemoCustomer:
    id: int
    name: str
    domain: str
    #: (first day, last day, plan) of each contract, the latest first
    contracts: list[tuple[int, int, str]] = field(default_factory=list)
    #: contact id, name, role
    titolari: list[tuple[int, str, str]] = field(default_factory=list)
    ads: list[tuple[int, str, str]] = field(default_factory=list)
    employees: list[tuple[int, str, str]] = field(default_factory=list)
    #: to be told before any spare part is fitted
    notify: bool = False


@dataclass(slots=True)
class Original:
    """What a follow-up takes over from the incident whose visit did not solve it."""

    id: int
    number: str
    customer: DemoCustomer
    requester: Person | None
    channel: str
    subject: str
    description: str
    severity: str
    category: Category
    plan: str
    contract: bool
    assignee: Tech
    resolved_at: int
    #: its subject's story, and the workstation and number its subject names
    story: Story | None = None
    place: Place | None = None


@dataclass(slots=True)
class Request:
    """What was asked, by whom, under which plan: decided when it arrives."""

    customer: DemoCustomer
    requester: Person | None
    category: Category
    channel: str
    severity: str
    urgent: bool
    subject: str
    description: str
    plan: str
    contract: bool
    gated: bool
    #: who records it, and who works on it (``None``: nobody yet)
    opener: Tech
    tech: Tech | None
    original: Original | None
    #: its subject's story (``stories.toml``), and the workstation and number its
    #: subject names (the story's texts name the same)
    story: Story | None = None
    place: Place | None = None


@dataclass(slots=True)
class State:
    """The incident's columns as the use cases leave them, and its timeline."""

    status: str
    severity: str
    urgent: bool
    updated: int
    events: list[Event] = field(default_factory=list)
    warranty: bool = False
    before: str | None = None
    assignee: Tech | None = None
    calls: int = 1
    acknowledged_at: int | None = None
    estimated_at: int | None = None
    promised_at: int | None = None
    on_site_at: int | None = None
    resolved_at: int | None = None
    closed_at: int | None = None
    resolved: bool | None = None
    authorised_by: int | None = None
    authorised_at: int | None = None
    authorised_via: str = ""
    authorised_until: int | None = None
    account_at: int | None = None
    account_by: int | None = None
