"""The interface in Kazakh (Cyrillic) and Uzbek (Latin script): its words, the directory's names, plural forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client
from django.utils import translation

from directory.demo import DEMO_OFFICER, DemoSummary
from directory.demo.programme import PROGRAMME_NAME
from directory.models import Programme
from directory.services import topics

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    """The page as a reader sees it: tags dropped, spaces folded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize(
    ("language", "heading", "names"),
    [
        ("kk", "Елдер", ["Қазақстан", "Қырғызстан", "Тәжікстан", "Өзбекстан"]),
        ("uz", "Davlatlar", ["Qozogʻiston", "Qirgʻiziston", "Tojikiston", "Oʻzbekiston"]),
    ],
)
def test_the_country_list_speaks_the_readers_language(
    sign_in: Callable[..., Client], demo: DemoSummary, language: str, heading: str, names: list[str]
) -> None:
    html = sign_in(DEMO_OFFICER, language=language).get("/countries/").content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    for name in names:
        assert name in html, name
    assert "Kazakhstan" not in _text(html)


@pytest.mark.parametrize(
    ("language", "capital", "topic"),
    [("kk", "Астана", "Киберқылмыс"), ("uz", "Toshkent", "Kiberjinoyatchilik")],
)
def test_cities_and_topics_have_their_kazakh_and_uzbek_names(
    sign_in: Callable[..., Client], demo: DemoSummary, language: str, capital: str, topic: str
) -> None:
    client = sign_in(DEMO_OFFICER, language=language)
    country = "KZ" if language == "kk" else "UZ"
    assert capital in _text(client.get(f"/countries/{country}/").content.decode())
    assert f"<h1>{topic}</h1>" in client.get("/topics/cybercrime/").content.decode()


@pytest.mark.parametrize(
    ("language", "title", "broader"),
    [
        ("kk", "Қазақша атауы тіркелмеген: ағылшынша көрсетілген", "Киберқылмыс"),
        ("uz", "Oʻzbekcha nomi qayd etilmagan: inglizcha koʻrsatilgan", "Kiberjinoyatchilik"),
    ],
)
def test_a_name_missing_in_the_readers_language_shows_in_english_marked(
    sign_in: Callable[..., Client], demo: DemoSummary, language: str, title: str, broader: str
) -> None:
    # given a topic named in English and Russian only
    topics.create_topic(
        slug="osint", name_en="OSINT", name_ru="Разведка по открытым источникам", broader_slugs=["cybercrime"]
    )
    # when it is read in Kazakh or Uzbek, then the English name is marked as such, in the reader's language
    html = sign_in(DEMO_OFFICER, language=language).get("/topics/osint/").content.decode()
    assert f'<h1><span class="untranslated" lang="en" title="{title}">OSINT<sup' in html
    assert f'<a href="/topics/cybercrime/">{broader}</a>' in html
    assert "Разведка" not in html  # not the Russian name: a Kazakh or Uzbek reader is not assumed to read Russian


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("ru", "1 сотрудник", "5 сотрудников"),
        ("kk", "1 қызметкер", "5 қызметкер"),
        ("uz", "1 ta xodim", "5 ta xodim"),
    ],
)
def test_counts_take_the_plural_forms_of_each_language(language: str, one: str, many: str) -> None:
    with translation.override(language):
        forms = [
            translation.ngettext("%(counter)s officer", "%(counter)s officers", n) % {"counter": n} for n in (1, 5)
        ]
    assert forms == [one, many]


@pytest.mark.parametrize(
    ("language", "sentence"),
    [("kk", r"\d+ қызметкер тыңдаушы ретінде қатысты\."), ("uz", r"\d+ ta xodim tinglovchi sifatida qatnashdi\.")],
)
def test_the_programme_page_counts_trainees_in_the_readers_language(
    sign_in: Callable[..., Client], demo: DemoSummary, language: str, sentence: str
) -> None:
    programme = Programme.objects.get(name=PROGRAMME_NAME)
    html = sign_in(DEMO_OFFICER, language=language).get(f"/programmes/{programme.uuid}/").content.decode()
    assert re.search(sentence, _text(html))
