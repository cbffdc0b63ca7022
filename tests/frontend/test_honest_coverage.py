"""Honest coverage on the demo data: covered, partly covered through named sub-topics, or not covered, everywhere."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from directory.demo import DEMO_STAFF, DemoSummary
from directory.models import Participation, Topic
from tests.api.conftest import call

pytestmark = [pytest.mark.django_db, pytest.mark.neo4j]  # the states come from the real graph

GAPS = """query($countries: [String!], $topics: [ID!]) { coverageGaps(countries: $countries, topics: $topics) {
  country { code } topic { slug } state hasNoPartner trainedOfficers coveredSubtopics { slug }
  coverage { organisation { nameEn } stated events { shortTitle } subtopics { slug } } } }"""
ICMEC = "International Centre for Missing & Exploited Children"


def cells_of(client: Client, **variables: object) -> dict[tuple[str, str], dict]:
    answer = call(client, GAPS, variables)
    assert "errors" not in answer, answer
    return {(cell["country"]["code"], cell["topic"]["slug"]): cell for cell in answer["data"]["coverageGaps"]}


def test_the_matrix_counts_three_states_over_the_demo(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    # when programme staff open the whole matrix
    response = sign_in(DEMO_STAFF).get("/coverage/")
    # then 16 topics × 4 countries: 43 covered, 10 partly covered (broad topics), 11 not covered
    context = response.context
    assert context["cell_count"] == 64
    assert (context["covered_count"], context["partly_covered_count"], context["not_covered_count"]) == (43, 10, 11)
    html = response.content.decode()
    assert "43 of 64 cells are covered by a partner." in html
    assert "10 of 64 cells are partly covered" in html and "11 of 64 cells are not covered by any partner." in html
    # and Cybercrime, a broad topic, is no longer "no partner" anywhere: partly covered, through its sub-topics
    cybercrime = next(row for row in context["rows"] if row.topic.slug == "cybercrime")
    assert {cell.state for cell in cybercrime.cells} == {"partly_covered"}
    kyrgyzstan = next(cell for cell in cybercrime.cells if cell.country.code == "KG")
    # the broadest covered sub-topics are named; those under them go without saying
    assert [topic.slug for topic in kyrgyzstan.covered_subtopics] == [
        "online-child-exploitation",
        "digital-investigations",
    ]
    kazakhstan = next(cell for cell in cybercrime.cells if cell.country.code == "KZ")
    assert "darknet-drug-trafficking" in [topic.slug for topic in kazakhstan.covered_subtopics]


def test_a_partner_covers_what_it_trained_on_for_the_countries_that_attended(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    client = sign_in(DEMO_STAFF)
    cells = cells_of(
        client, countries=["KG", "TJ"], topics=[str(Topic.objects.get(slug="digital-investigations").uuid)]
    )
    # no coverage entry says so, but the five trainers of the Almaty workshop taught digital investigations there
    kyrgyzstan = cells[("KG", "digital-investigations")]
    assert kyrgyzstan["state"] == "COVERED" and not kyrgyzstan["hasNoPartner"]
    assert len(kyrgyzstan["coverage"]) == 5
    assert all(not entry["stated"] for entry in kyrgyzstan["coverage"])
    assert {e["shortTitle"] for entry in kyrgyzstan["coverage"] for e in entry["events"]} == {
        "Crimes against children online"
    }
    # and the matrix says where it comes from
    html = client.get("/coverage/", {"topic": "digital-investigations"}).content.decode()
    assert "trained at Crimes against children online" in html


def test_a_steward_s_exclusion_outweighs_the_training(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    transfers = Topic.objects.get(slug="money-transfer-systems")
    assert Participation.objects.filter(event__topics=transfers, officer__agency__country__code="TJ").exists(), (
        "Tajik officers trained on it in Tashkent"
    )
    cells = cells_of(sign_in(DEMO_STAFF), countries=["TJ", "KG"], topics=[str(transfers.uuid)])
    assert cells[("TJ", "money-transfer-systems")]["state"] == "NOT_COVERED"
    kyrgyzstan = cells[("KG", "money-transfer-systems")]
    assert kyrgyzstan["state"] == "COVERED" and kyrgyzstan["coverage"][0]["stated"]


def test_drug_trafficking_counts_the_officers_of_the_drug_workshop(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    # given the Astana workshop's topic sits under drug trafficking too
    darknet = Topic.objects.get(slug="darknet-drug-trafficking")
    assert set(darknet.broader.values_list("slug", flat=True)) == {"cybercrime", "drug-trafficking"}
    drugs = Topic.objects.get(slug="drug-trafficking")
    # when staff ask about drug trafficking in the four countries
    cells = cells_of(sign_in(DEMO_STAFF), countries=["KZ", "KG", "TJ", "UZ"], topics=[str(drugs.uuid)])
    # then the 32 officers who attended Drugs@Online count, and Kazakhstan is partly covered through darknet work
    assert sum(cell["trainedOfficers"] for cell in cells.values()) == 32
    kazakhstan = cells[("KZ", "drug-trafficking")]
    assert kazakhstan["state"] == "PARTLY_COVERED" and kazakhstan["hasNoPartner"]
    assert [topic["slug"] for topic in kazakhstan["coveredSubtopics"]] == ["darknet-drug-trafficking"]
    assert kazakhstan["coverage"][0]["subtopics"] == [{"slug": "darknet-drug-trafficking"}]
    assert cells[("KG", "drug-trafficking")]["state"] == "NOT_COVERED"


def test_the_map_and_its_table_show_the_same_three_states(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_STAFF).get("/coverage/map/", {"topic": "drug-trafficking"})
    rows = {row.code: row for row in response.context["table"]}
    assert rows["KZ"].state == "partly" and rows["UZ"].state == "partly"
    assert rows["KG"].state == "no-partner" and rows["TJ"].state == "no-partner"
    html = response.content.decode()
    assert "Partly covered (some sub-topics), and trained officers" in html
    assert 'class="country fill-partly" data-code="KZ"' in html


def test_the_matrix_reads_right_in_russian(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    html = sign_in(DEMO_STAFF, language="ru").get("/coverage/", {"topic": "cybercrime"}).content.decode()
    assert "Охвачено частично" in html and "по подтемам:" in html
    assert "Пробел" not in html and "пробел" not in html
    assert "Международный центр по делам пропавших и эксплуатируемых детей" in html and ICMEC not in html
