"""GraphQL readers get the names in Kazakh and Uzbek where the directory has them, and a blank where it has none."""

from __future__ import annotations

import pytest
from django.test import Client

from directory.demo import DEMO_OFFICER, DemoSummary
from directory.models import User
from tests.api.conftest import call

pytestmark = pytest.mark.django_db


def test_countries_cities_and_topics_carry_their_kazakh_and_uzbek_names(demo: DemoSummary) -> None:
    # when a signed-in reader asks for a country, the cities and a topic
    client = Client()
    client.force_login(User.objects.get(username=DEMO_OFFICER))
    answer = call(
        client,
        """{ country(code: "UZ") { nameKk nameUz }
             cities(first: 100) { edges { node { nameEn nameKk nameUz } } }
             topic(slug: "cybercrime") { nameKk nameUz } }""",
    )
    # then each carries the names recorded in both languages
    assert "errors" not in answer, answer
    data = answer["data"]
    assert (data["country"]["nameKk"], data["country"]["nameUz"]) == ("Өзбекстан", "Oʻzbekiston")
    cities = {edge["node"]["nameEn"]: edge["node"] for edge in data["cities"]["edges"]}
    tashkent, khujand = cities["Tashkent"], cities["Khujand"]
    assert (tashkent["nameKk"], tashkent["nameUz"]) == ("Ташкент", "Toshkent")
    assert data["topic"] == {"nameKk": "Киберқылмыс", "nameUz": "Kiberjinoyatchilik"}
    # and a name not known in Kazakh is blank, not a guess
    assert (khujand["nameKk"], khujand["nameUz"]) == ("", "Xoʻjand")


def test_names_travel_as_utf_8_text_not_as_escapes(demo: DemoSummary) -> None:
    # when a signed-in reader asks for a country's names
    client = Client()
    client.force_login(User.objects.get(username=DEMO_OFFICER))
    response = client.post(
        "/graphql", data='{"query": "{ country(code: \\"UZ\\") { nameRu nameKk } }"}', content_type="application/json"
    )
    # then the answer is JSON whose Cyrillic letters are themselves, two bytes each on a slow line, not six
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.content == '{"data":{"country":{"nameRu":"Узбекистан","nameKk":"Өзбекстан"}}}'.encode()
