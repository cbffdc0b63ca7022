"""A record without a Russian name shows in English on a Russian page, marked as untranslated, not mixed in silently."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from directory.demo import DEMO_OFFICER, DemoSummary
from directory.services import topics

pytestmark = pytest.mark.django_db

MARKED = '<span class="untranslated" lang="en" title="Нет названия на русском: показано на английском">OSINT<sup'


def test_an_english_only_topic_is_marked_on_the_russian_page(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    # given a topic recorded in English only, under cybercrime (which has its Russian name)
    topics.create_topic(slug="osint", name_en="OSINT", broader_slugs=["cybercrime"])
    # when an officer reads its page in Russian
    html = sign_in(DEMO_OFFICER, language="ru").get("/topics/osint/").content.decode()
    # then its name is marked as English, the broader topic is not, and the page title stays plain text
    assert f"<h1>{MARKED}" in html
    assert '<a href="/topics/cybercrime/">Киберпреступность</a>' in html
    assert "<title>OSINT" in html
    # and in English nothing is marked
    english = sign_in(DEMO_OFFICER).get("/topics/osint/").content.decode()
    assert "<h1>OSINT</h1>" in english and "untranslated" not in english


def test_the_topic_list_marks_it_too(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    topics.create_topic(slug="osint", name_en="OSINT", broader_slugs=["cybercrime"])
    html = sign_in(DEMO_OFFICER, language="ru").get("/topics/").content.decode()
    assert MARKED in html and "Даркнет-рынки" in html
