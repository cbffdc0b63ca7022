"""The record pages: countries, agencies, partners, topics and events, with the facts of 2017, linked together."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.db.models import Count
from django.test import Client
from django.utils.html import escape

from directory.demo import DEMO_OFFICER, DEMO_STAFF, DEMO_STEWARD, DemoSummary
from directory.models import Agency, Country, Event, Officer, Organisation, Participation, Programme, Topic, User
from directory.services.officers import create_officer
from tests.frontend.browser import accessibility_problems, log_in

ALMATY_TRAINERS = (
    "International Centre for Missing & Exploited Children",
    "Canadian Police Centre for Missing and Exploited Children",
    "Australian Police",
    "United States Department of Justice",
    "Federal Bureau of Investigation",
)


def page_of(client: Client, url: str, **params: str) -> str:
    """The page's HTML, after checking it was shown."""
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def unverified_officer_account() -> User:
    """An officer's account whose directory entry no steward has verified yet."""
    agency = Agency.objects.get(country__code="KZ", kind="interior")
    officer = create_officer(name_native="Тест Тестов", name_latin="Test Testov", agency=agency, position="Inspector")
    return User.objects.create_user(username="unverified", password="not-used-here", role="officer", officer=officer)


def add_officers(country_code: str, how_many: int) -> None:
    """More officers at one of the country's agencies, through the service."""
    agency = Agency.objects.get(country__code=country_code, kind="prosecutor")
    for number in range(how_many):
        create_officer(name_native=f"Extra {number:02d}", name_latin=f"Extra {number:02d}", agency=agency)


@pytest.mark.parametrize(
    "path",
    ["/countries/", "/countries/KZ/", "/organisations/", "/topics/", "/topics/cybercrime/", "/events/"],
)
def test_the_record_pages_ask_to_sign_in_first(client: Client, demo: DemoSummary, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_records_by_uuid_ask_to_sign_in_first(client: Client, demo: DemoSummary) -> None:
    paths = [
        f"/agencies/{Agency.objects.first().uuid}/",
        f"/organisations/{Organisation.objects.first().uuid}/",
        f"/events/{Event.objects.first().uuid}/",
    ]
    for path in paths:
        assert client.get(path)["Location"].startswith("/login/"), path


@pytest.mark.parametrize(
    "path",
    [
        "/countries/XX/",
        "/countries/Kazakhstan/",
        f"/agencies/{uuid.UUID(int=0)}/",
        f"/organisations/{uuid.UUID(int=0)}/",
        "/topics/no-such-topic/",
        f"/events/{uuid.UUID(int=0)}/",
    ],
)
def test_unknown_records_give_the_not_found_page(sign_in: Callable[..., Client], demo: DemoSummary, path: str) -> None:
    response = sign_in(DEMO_OFFICER).get(path)
    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_the_countries_list_counts_agencies_and_officers(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_OFFICER).get("/countries/")
    html = response.content.decode()
    rows = {country.code: country for country in response.context["countries"]}
    assert list(rows)[:7] == ["AF", "AU", "CA", "CN", "IT", "KZ", "KG"], "in alphabetical order"
    assert rows["KZ"].agency_count == 3 and rows["TJ"].agency_count == 4
    assert rows["KZ"].officer_count == Officer.objects.filter(agency__country__code="KZ").count() > 0
    assert rows["AF"].agency_count == 0 and rows["AF"].officer_count == 0
    assert {neighbour.code for neighbour in rows["TJ"].neighbours.all()} == {"AF", "CN", "KG", "UZ"}
    assert '<a href="/countries/KZ/">Kazakhstan</a>' in html
    assert "Қазақстан" in html, "the local name stands beside the English one"


def test_the_countries_list_in_russian(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    html = page_of(sign_in(DEMO_OFFICER, language="ru"), "/countries/")
    assert '<a href="/countries/TJ/">Таджикистан</a>' in html
    assert "Тоҷикистон" in html


def test_a_country_page_shows_its_neighbours_agencies_partners_and_links(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    tajikistan = Country.objects.get(code="TJ")
    response = sign_in(DEMO_OFFICER).get("/countries/tj/")  # the code in any case
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tajikistan</h1>" in html and "Таджикистан" in html and "Тоҷикистон" in html
    assert [n.name_en for n in response.context["neighbours"]] == ["Afghanistan", "China", "Kyrgyzstan", "Uzbekistan"]
    for code, name in (("AF", "Afghanistan"), ("CN", "China"), ("KG", "Kyrgyzstan"), ("UZ", "Uzbekistan")):
        assert f'<a href="/countries/{code}/">{name}</a>' in html
    drug_control = Agency.objects.get(country=tajikistan, kind="drug_control")
    assert f'<a href="/agencies/{drug_control.uuid}/">{drug_control.name_en}</a>' in html
    counts = {agency.kind: agency.officer_count for agency in response.context["agencies"]}
    assert counts["drug_control"] == Officer.objects.filter(agency=drug_control).count()
    shown = {officer.pk for officer in response.context["officers"]}
    assert shown == set(Officer.objects.filter(agency__country=tajikistan).values_list("pk", flat=True))
    partners = {(item.organisation.name_en, item.topic.slug) for item in response.context["coverage"]}
    assert ("Federal Bureau of Investigation", "online-child-exploitation") in partners
    assert ("International Centre for Missing & Exploited Children", "online-child-exploitation") in partners
    assert not any(slug == "money-transfer-systems" for _, slug in partners), "a deliberate gap of the demo"
    assert "No partner covers" not in html
    assert 'href="/coverage/?country=TJ"' in html
    assert f'href="/network/country/{tajikistan.uuid}/"' in html


def test_a_country_page_lists_the_events_held_there(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    html = page_of(sign_in(DEMO_OFFICER), "/countries/KZ/")
    for event in Event.objects.filter(city__country__code="KZ"):
        assert f'<a href="/events/{event.uuid}/">{escape(event.short_title)}</a>' in html
    tashkent = Event.objects.get(city__name_en="Tashkent")
    assert f"/events/{tashkent.uuid}/" not in html


def test_the_officers_of_a_country_come_fifty_to_a_page(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    add_officers("KZ", 35)
    total = Officer.objects.filter(agency__country__code="KZ").count()
    assert total > 50
    client = sign_in(DEMO_OFFICER)
    first = client.get("/countries/KZ/").context["officers"]
    assert len(first.object_list) == 50 and first.paginator.count == total
    assert "Page 1 of 2" in client.get("/countries/KZ/").content.decode()
    last = client.get("/countries/KZ/", {"page": "2"}).context["officers"]
    assert len(last.object_list) == total - 50
    assert client.get("/countries/KZ/", {"page": "abc"}).context["officers"].number == 1
    assert client.get("/countries/KZ/", {"page": "999"}).context["officers"].number == 2
    assert client.get("/countries/KZ/", {"page": "-1"}).context["officers"].number == 2


def test_the_country_page_does_not_query_per_officer(
    sign_in: Callable[..., Client], demo: DemoSummary, django_assert_max_num_queries: Callable[..., object]
) -> None:
    client = sign_in(DEMO_OFFICER)
    client.get("/countries/KZ/")  # the session and language settle on the first request
    with django_assert_max_num_queries(14):
        client.get("/countries/KZ/")
    add_officers("KZ", 35)
    with django_assert_max_num_queries(14):
        assert len(client.get("/countries/KZ/").context["officers"].object_list) == 50


def test_an_agency_page_shows_its_officers_and_their_events(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    me = User.objects.get(username=DEMO_OFFICER).officer
    agency = me.agency
    response = sign_in(DEMO_OFFICER).get(f"/agencies/{agency.uuid}/")
    html = response.content.decode()
    assert f"<h1>{agency.name_en}</h1>" in html and agency.name_local in html
    assert "Ministry of interior" in html and '<a href="/countries/KG/">Kyrgyzstan</a>' in html and "Bishkek" in html
    assert {officer.pk for officer in response.context["officers"]} == set(agency.officers.values_list("pk", flat=True))
    assert f'<a href="/officers/{me.uuid}/">' in html and escape(me.name_latin) in html
    assert "Senior investigator, cybercrime unit" in html and "English" in html
    tashkent = Event.objects.get(city__name_en="Tashkent")
    assert f'<a href="/events/{tashkent.uuid}/">Crypto &amp; MTS</a>' in html
    attended = set(Event.objects.filter(participations__officer__agency=agency).values_list("pk", flat=True))
    assert {event.pk for event in response.context["events"]} == attended
    assert f'href="/network/agency/{agency.uuid}/"' in html


def test_an_agency_page_in_russian(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    agency = Agency.objects.get(country__code="UZ", kind="interior")
    html = page_of(sign_in(DEMO_OFFICER, language="ru"), f"/agencies/{agency.uuid}/")
    assert f"<h1>{agency.name_ru}</h1>" in html and agency.name_local in html


def test_the_partners_are_grouped_by_kind(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_OFFICER).get("/organisations/")
    groups = {group.label: [o.name_en for o in group.organisations] for group in response.context["kinds"]}
    assert "Federal Bureau of Investigation" in groups["Foreign law-enforcement body"]
    assert groups["Government (donor)"] == ["Government of Sweden"]
    assert "International Centre for Missing & Exploited Children" in groups["Non-governmental organisation"]
    fbi = Organisation.objects.get(name_en="Federal Bureau of Investigation")
    assert f'<a href="/organisations/{fbi.uuid}/">Federal Bureau of Investigation</a>' in response.content.decode()


def test_an_organisation_page_shows_what_it_covers_and_taught(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    fbi = Organisation.objects.get(name_en="Federal Bureau of Investigation")
    response = sign_in(DEMO_OFFICER).get(f"/organisations/{fbi.uuid}/")
    html = response.content.decode()
    assert "Foreign law-enforcement body" in html and '<a href="/countries/US/">United States</a>' in html
    assert [topic.slug for topic in response.context["topics"]] == ["online-child-exploitation"]
    assert [row.country.code for row in response.context["rows"]] == ["KZ", "KG", "TJ", "UZ"]
    assert all(row.cells[0] is not None for row in response.context["rows"])
    assert '<th scope="col"><a href="/topics/online-child-exploitation/">' in html
    almaty = Event.objects.get(city__name_en="Almaty")
    assert [event.pk for event in response.context["trained"]] == [almaty.pk]
    assert f'<a href="/events/{almaty.uuid}/">Crimes against children online</a>' in html
    assert f'href="/network/organisation/{fbi.uuid}/"' in html


def test_the_programme_shows_on_its_donor_and_implementer(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    client = sign_in(DEMO_OFFICER)
    sweden = Organisation.objects.get(name_en="Government of Sweden")
    html = page_of(client, f"/organisations/{sweden.uuid}/")
    programme = Programme.objects.get()
    assert (
        f'<a href="/programmes/{programme.uuid}/">UNODC Programme for Central Asia</a> '
        "(Combatting Cybercrime in Central Asia) · funded" in html
    )
    unodc = Organisation.objects.get(name_en="UNODC Programme for Central Asia")
    response = client.get(f"/organisations/{unodc.uuid}/")
    assert "· implemented" in response.content.decode()
    assert {event.pk for event in response.context["organised"]} == set(Event.objects.values_list("pk", flat=True))


def test_the_topics_are_a_tree(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_OFFICER).get("/topics/")
    tree = {node.topic.slug: [child.topic.slug for child in node.children] for node in response.context["tree"]}
    assert set(tree) == {"cybercrime", "money-laundering", "drug-trafficking"}
    assert set(tree["cybercrime"]) == {
        "darknet-drug-trafficking",
        "online-child-exploitation",
        "digital-investigations",
    }
    # drug trafficking via the internet sits under drug trafficking too (issue 11: a topic may have several)
    assert tree["drug-trafficking"] == ["darknet-drug-trafficking"]
    html = response.content.decode()
    cybercrime = html.index('href="/topics/cybercrime/"')
    nested = html.index('<ul class="topic-tree">', cybercrime)
    drugs = html.index('href="/topics/drug-trafficking/"')
    assert nested < html.index('href="/topics/digital-investigations/"') < drugs


def test_a_broad_topic_gathers_its_sub_topics_experts_and_events(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    response = sign_in(DEMO_OFFICER).get("/topics/cybercrime/")
    html = response.content.decode()
    assert "<h1>Cybercrime</h1>" in html
    assert '<a href="/topics/digital-investigations/">Digital investigations</a>' in html
    experts = list(response.context["experts"].paginator.object_list)  # every page
    under = Topic.objects.filter(
        slug__in=["cybercrime", *(t.slug for t in Topic.objects.filter(broader__slug="cybercrime"))]
    )
    assert {expert.officer.pk for expert in experts} == set(
        Officer.objects.filter(expertise__topic__in=under).values_list("pk", flat=True)
    )
    assert [expert.level for expert in experts] == sorted((expert.level for expert in experts), reverse=True)
    assert "Expert" in html
    held = {event.city.name_en for event in response.context["events"]}
    assert held == {"Astana", "Almaty"}, "drug trafficking via the internet and crimes against children are cybercrime"
    assert 'href="/?topic=cybercrime&amp;scope=all"' in html
    assert 'href="/coverage/map/?topic=cybercrime"' in html


def test_a_sub_topic_links_up_and_shows_who_covers_it_where(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_OFFICER).get("/topics/money-transfer-systems/")
    html = response.content.decode()
    assert '<a href="/topics/money-laundering/">Money laundering</a>' in html
    covered = [(item.country.code, item.organisation.name_en) for item in response.context["coverage"]]
    assert {code for code, _ in covered} == {"KZ", "KG", "UZ"}, "nobody covers money transfer systems in Tajikistan"
    assert all("Global Programme against Money-Laundering" in name for _, name in covered)
    tashkent = Event.objects.get(city__name_en="Tashkent")
    assert [event.pk for event in response.context["events"]] == [tashkent.pk]


def test_the_events_come_newest_first(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_OFFICER).get("/events/")
    assert [event.city.name_en for event in response.context["events"]] == ["Almaty", "Tashkent", "Astana"]
    html = response.content.decode()
    assert "Drugs@Online" in html and "Computer facilitated crimes against children" in html


def test_an_event_page_shows_its_partners_participants_and_rating_totals(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    almaty = Event.objects.get(city__name_en="Almaty")
    response = sign_in(DEMO_OFFICER).get(f"/events/{almaty.uuid}/")
    html = response.content.decode()
    assert "<h1>Computer facilitated crimes against children</h1>" in html
    assert "UNODC Programme for Central Asia" in html and '<a href="/countries/KZ/">Kazakhstan</a>' in html
    for name in ALMATY_TRAINERS:
        organisation = Organisation.objects.get(name_en=name)
        assert f'<a href="/organisations/{organisation.uuid}/">{escape(name)}</a>' in html
    assert '<a href="/topics/online-child-exploitation/">' in html
    totals = dict(
        Participation.objects.filter(event=almaty).values_list("rating").annotate(total=Count("id")).order_by()
    )
    assert set(totals) == {"excellent", "very_good"}
    assert f"Excellent: {totals['excellent']}" in html and f"Very good: {totals['very_good']}" in html
    wanting = Participation.objects.filter(event=almaty, wants_more=True).count()
    assert f"{wanting} participants asked for more" in html
    shown = {p.officer_id for p in response.context["participations"]}
    assert shown == set(Participation.objects.filter(event=almaty).values_list("officer_id", flat=True))
    assert 'class="participant-rating"' not in html, "an officer sees the totals, not each participant's rating"


@pytest.mark.parametrize("username", [DEMO_STAFF, DEMO_STEWARD])
def test_staff_and_stewards_see_each_participants_rating(
    sign_in: Callable[..., Client], demo: DemoSummary, username: str
) -> None:
    tashkent = Event.objects.get(city__name_en="Tashkent")
    html = page_of(sign_in(username), f"/events/{tashkent.uuid}/")
    rated = Participation.objects.filter(event=tashkent).count()
    assert html.count('class="participant-rating"') == rated
    assert '<td class="participant-rating">Excellent</td>' in html


def test_an_unverified_officer_sees_no_other_officers(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    account = unverified_officer_account()
    client = sign_in(account.username)
    others = Officer.objects.exclude(pk=account.officer_id)
    country = client.get("/countries/KZ/")
    assert [officer.pk for officer in country.context["officers"]] == [account.officer_id]
    html = country.content.decode()
    assert not any(escape(other.name_latin) in html for other in others.filter(agency__country__code="KZ"))
    agency = client.get(f"/agencies/{account.officer.agency.uuid}/")
    assert [officer.pk for officer in agency.context["officers"]] == [account.officer_id]
    assert list(agency.context["events"]) == []
    astana = Event.objects.get(city__name_en="Astana")
    event = client.get(f"/events/{astana.uuid}/")
    assert list(event.context["participations"]) == []
    assert "No participants you may see." in event.content.decode()
    assert "Excellent: " in event.content.decode(), "the totals name no one, so they stay"
    countries = {country.code: country for country in client.get("/countries/").context["countries"]}
    assert countries["KZ"].officer_count == 1 and countries["KG"].officer_count == 0


@pytest.mark.django_db(transaction=True)
def test_an_officer_walks_from_countries_to_an_event(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    log_in(page, live_server.url, DEMO_OFFICER)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Countries").click()
    page.get_by_role("heading", level=1, name="Countries").wait_for()
    screenshot(page, "countries")

    page.locator("th[scope=row] a", has_text="Kazakhstan").click()
    page.get_by_role("heading", level=1, name="Kazakhstan").wait_for()
    assert page.get_by_role("link", name="Coverage matrix for this country").is_visible()
    screenshot(page, "country")
    assert accessibility_problems(page) == {"unlabelled controls": [], "graphics without text": []}

    agency = Agency.objects.filter(country__code="KZ", officers__isnull=False).order_by("name_en").first()
    page.locator("table.agencies a", has_text=agency.name_en).click()
    page.get_by_role("heading", level=1, name=agency.name_en).wait_for()
    screenshot(page, "agency")

    first = page.locator("table.officers th a").first
    name = first.locator(".person-name").inner_text()
    first.click()
    page.get_by_role("heading", level=1).wait_for()
    assert name in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "officer")

    attended = page.locator("section[aria-labelledby=events-heading] a").first
    label = attended.inner_text()
    attended.click()
    page.get_by_role("heading", level=2, name="Participants", exact=True).wait_for()
    event = Event.objects.get(uuid=page.url.rstrip("/").rsplit("/", 1)[1])
    assert label == (event.short_title or event.title)
    assert page.get_by_role("heading", level=1).inner_text() == event.title
    assert page.locator(".ratings").is_visible()
    screenshot(page, "event")
    assert accessibility_problems(page) == {"unlabelled controls": [], "graphics without text": []}
