"""The demo's incidents tell the story of their subject (``data/demo/stories.toml``): the
description the customer wrote, the technician's note and the note on solving it (or on
a visit that did not solve it) are about the subject's problem, and name the subject's
workstation — a jammed printer is not described as a black monitor and fixed with a power
supply.  A broken story file is refused when loaded, naming the file and the key."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import col, select

from techconsole import demo
from techconsole.demo.stories import Story, placed
from techconsole.demo.texts import DemoTexts
from techconsole.services.context import Context
from techconsole.services.errors import ServiceError
from techconsole.services.resources import data_dir
from techconsole.store.models import Incident, IncidentEvent
from techconsole.store.work import Material


def _told(texts: DemoTexts) -> dict[str, tuple[Story, tuple[str, int] | None]]:
    """Every subject the demo can write -> its story and the workstation and number in it."""
    found: dict[str, tuple[Story, tuple[str, int] | None]] = {}
    for category in texts.categories:
        for template, story in category.stories.items():
            if "{" not in template:
                found[template] = (story, None)
                continue
            for workstation in texts.workstations:
                for n in range(2, 10):
                    found[placed(template, workstation, n)] = (story, (workstation, n))
    return found


def _text(template: str, place: tuple[str, int] | None) -> str:
    return template if place is None else placed(template, *place)


def test_every_incident_tells_its_subjects_story(make_ctx: Callable[..., Context]):
    ctx = make_ctx("anna")
    demo.generate(ctx, incidents=400, seed=3, reports=False)
    texts = demo.load_texts()
    told = _told(texts)
    common = set(texts.notes)
    with ctx.db.read() as session:
        incidents = session.exec(select(Incident).order_by(col(Incident.id))).all()
        events = session.exec(select(IncidentEvent).order_by(col(IncidentEvent.id))).all()
        materials = session.exec(select(Material)).all()
    timeline: dict[int, list[IncidentEvent]] = {}
    for event in events:
        timeline.setdefault(event.incident_id, []).append(event)
    fitted: dict[int, list[str]] = {}
    for material in materials:
        fitted.setdefault(material.incident_id, []).append(material.code)
    solved = unsolved = noted = parts = 0
    for incident in incidents:
        subject = incident.subject
        if incident.follow_up_of_id is not None:  # "Seguito di 2026-000012: …"
            subject = subject.split(": ", 1)[1]
        assert subject in told, subject  # every subject has its story
        story, place = told[subject]
        assert incident.description == _text(story.description, place), subject
        codes = fitted.get(incident.id or 0, [])
        if story.parts is not None:  # e.g. no RAM module fitted on a jammed printer
            assert set(codes) <= set(story.parts), (subject, codes)
            assert len(set(codes)) == len(codes), (subject, codes)  # not twice the same
            parts += len(codes)
        for event in timeline[incident.id or 0]:
            if event.kind == "resolved":
                said = story.resolution if event.data["resolved"] else story.unresolved
                assert event.text == _text(said, place), subject
                solved += event.data["resolved"]
                unsolved += not event.data["resolved"]
            elif event.kind == "note":
                assert event.text == _text(story.note, place) or event.text in common, subject
                noted += event.text not in common
    assert solved > 100 and unsolved > 0 and noted > 20  # each kind of text was checked
    assert parts > 5


def test_the_story_names_the_workstation_of_its_subject():
    texts = demo.load_texts()
    (template, story), *_ = [
        (t, s)
        for c in texts.categories
        for t, s in c.stories.items()
        if "{postazione}" in t and "{postazione}" in s.description
    ]
    for workstation in ("amministrazione", "cassa"):
        subject, description = (placed(x, workstation, 4) for x in (template, story.description))
        found, (where, _n) = _told(texts)[subject]  # (its number: not in this subject)
        assert (found, where) == (story, workstation)
        assert workstation in subject and workstation in description


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            ('subject = "Stampante inceppata, rullo rotto"', 'subject = "Stampante rotta"'),
            "stories[*].subject: 'Stampante rotta' is not a subject of hardware",
        ),
        (
            ('category = "stampante"', 'category = "stampanti"'),
            "stories[0].category: no category 'stampanti' in incidents.toml",
        ),
        (
            (
                'resolution = "Svuotata la coda e riavviato il servizio di stampa; il cliente',
                'resolution = "Svuotata la coda della {postazione}; il cliente',
            ),
            "stories[0].resolution: {postazione} is not in its subject",
        ),
        (
            (
                'resolution = "Svuotata la coda e riavviato il servizio di stampa; il cliente',
                'unresolved = "Da rifare"\nresolution = "Svuotata la coda; il cliente',
            ),
            "stories[0].unresolved: stampante's visits always solve",
        ),
        (
            (
                'description = "Da questa mattina la stampante non risponde: i documenti restano'
                ' in coda e non esce niente."',
                'description = "  "',
            ),
            "stories[0].description: a text is expected",
        ),
    ],
)
def test_a_broken_story_file_is_refused_naming_the_key(
    tmp_path: Path, change: tuple[str, str], said: str
):
    folder = tmp_path / "demo"
    shutil.copytree(data_dir() / "demo", folder)
    stories = folder / "stories.toml"
    before = stories.read_text(encoding="utf-8")
    assert change[0] in before
    stories.write_text(before.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(ServiceError) as refused:
        demo.load_texts(folder)
    message = str(refused.value)
    assert message.startswith(f"{stories}: ")
    head, tail = said.split("[*]") if "[*]" in said else (said, "")
    assert head in message and tail in message


def test_a_story_naming_an_unknown_part_is_refused(tmp_path: Path):
    folder = tmp_path / "demo"
    shutil.copytree(data_dir() / "demo", folder)
    stories = folder / "stories.toml"
    text = stories.read_text(encoding="utf-8")
    stories.write_text(text.replace('parts = ["RUL-PRES"]', 'parts = ["RUL-X"]'), encoding="utf-8")
    with pytest.raises(
        ServiceError, match="'Stampante inceppata, rullo rotto': parts: no part 'RUL-X'"
    ):
        demo.load_texts(folder)


def test_a_subject_told_twice_is_refused(tmp_path: Path):
    folder = tmp_path / "demo"
    shutil.copytree(data_dir() / "demo", folder)
    stories = folder / "stories.toml"
    text = stories.read_text(encoding="utf-8")
    first = text[
        text.index("[[stories]]") : text.index("[[stories]]", text.index("[[stories]]") + 1)
    ]
    stories.write_text(text + "\n" + first, encoding="utf-8")
    with pytest.raises(ServiceError, match="'La stampante non stampa più' has a story already"):
        demo.load_texts(folder)


def test_a_category_naming_an_unknown_kind_of_machine_is_refused(tmp_path: Path):
    folder = tmp_path / "demo"
    shutil.copytree(data_dir() / "demo", folder)
    incidents = folder / "incidents.toml"
    text = incidents.read_text(encoding="utf-8")
    assert 'machine = "server"' in text
    incidents.write_text(
        text.replace('machine = "server"', 'machine = "printer"'), encoding="utf-8"
    )
    with pytest.raises(ServiceError, match=r"machine: one of pc, server, none is expected"):
        demo.load_texts(folder)
    assert {c.code: c.machine for c in demo.load_texts().categories}["sito_web"] == "none"
