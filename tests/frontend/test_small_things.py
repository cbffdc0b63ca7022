"""What users noticed: a favicon, one language button, search results that say what and where each match is."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client

from directory.demo import DEMO_OFFICER, DemoSummary
from directory.models import Officer

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_browser_gets_a_favicon(client: Client) -> None:
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(response.streaming_content if response.streaming else [response.content])[:4] == b"\0\0\1\0"


def test_every_page_links_its_icon(client: Client) -> None:
    html = client.get("/login/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/frontend/favicon\.svg"', html)


def test_one_button_switches_to_each_other_language(client: Client) -> None:
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for code, name in (("ru", "Русский"), ("kk", "Қазақша"), ("uz", "Oʻzbekcha")):
        assert re.search(
            rf'<button type="submit" name="language" value="{code}" lang="{code}"[^>]*>{name}</button>', html
        )
    assert 'value="en"' not in html.split('class="language-switch"', 1)[1].split("</form>", 1)[0]
    assert "<select" not in html.split('class="language-switch"', 1)[1].split("</form>", 1)[0]
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/login/"}, follow=True)
    assert 'lang="ru"' in response.content.decode()
    assert ">English</button>" in response.content.decode()


@pytest.mark.neo4j  # names are found through the graph's full-text index
def test_search_results_name_kind_agency_and_country(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = Officer.objects.filter(agency__country__code="KZ").select_related("agency__country").order_by("id")[0]
    client = sign_in(DEMO_OFFICER)
    html = client.get("/search/", {"q": officer.name_latin}).content.decode()
    item = next(part for part in html.split("<li>") if f"/officers/{officer.uuid}/" in part)
    assert _text(item.split("</li>")[0]).endswith(f"· officer · {officer.agency.name_en} · Kazakhstan")
