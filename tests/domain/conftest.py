"""The domain's tests read the English words of its refusals (``"is not a duration"``):
they run in English, the language the messages are written in. The Italian of the main
refusals is checked in ``test_messages_italian.py``, which asks for Italian itself."""

from __future__ import annotations

import pytest

from techconsole.i18n import set_language


@pytest.fixture(autouse=True)
def _domain_in_english(_console_language: None) -> None:
    """After the suite's Italian default (``_console_language``), English for this test."""
    set_language("en")


@pytest.fixture
def italian() -> None:
    """The program speaks Italian in this test (the default outside this folder)."""
    set_language("it")
