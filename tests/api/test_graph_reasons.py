"""The reasons of graph answers in the API: the same phrasebook as the pages, in the language the client asks for."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from directory.models import ContactFollowUp, User
from directory.services import officers
from tests.api.conftest import call
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db(transaction=True)  # the graph is projected only after a real commit

COUNTERPARTS = """query Find($topic: ID!, $officer: ID, $language: String, $limit: Int!) {
  counterparts(topic: $topic, officer: $officer, scope: ALL, language: $language, limit: $limit) {
  officer { uuid } reasons { kind text officerUuid } } }"""
INTRODUCTIONS = """query Paths($from: ID!, $to: ID!) { introductionPaths(fromOfficer: $from, toOfficer: $to) {
  hops { reason { kind text } } } }"""


def reasons_of(answer: dict, officer_uuid: str) -> list[dict]:
    assert "errors" not in answer, answer["errors"]
    return next(c["reasons"] for c in answer["data"]["counterparts"] if c["officer"]["uuid"] == officer_uuid)


def asking(world: SmallWorld, **extra: object) -> dict:
    return {"topic": str(world.crypto.uuid), "officer": str(world.asel.uuid), "limit": 20, **extra}


def test_reasons_are_in_russian_when_the_client_accepts_russian(world: SmallWorld, tokens: dict[str, str]) -> None:
    # given an integration that asks in Russian
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    # when it asks for Asel's counterparts on cryptocurrency laundering who speak Russian
    answer = call(client, COUNTERPARTS, asking(world, language="ru"), token=tokens["read"])
    # then Bakyt's reasons read in Russian, with the names the directory holds in Russian
    texts = [reason["text"] for reason in reasons_of(answer, str(world.bakyt.uuid))]
    assert texts == [
        "занимается темой «Cryptocurrency laundering» (эксперт)",
        "оба участвовали: Crypto, Ташкент, Ноябрь 2017 г.",
        "владеет языком: русский",
        "уже ваш знакомый",
        "запись ещё не проверена ответственным за данные",
        "актуальность не подтверждалась 365 дней",
    ]


def test_reasons_are_in_english_without_accept_language(world: SmallWorld, tokens: dict[str, str]) -> None:
    answer = call(Client(), COUNTERPARTS, asking(world, language="ru"), token=tokens["read"])
    texts = [reason["text"] for reason in reasons_of(answer, str(world.bakyt.uuid))]
    assert texts == [
        "works on Cryptocurrency laundering (expert)",
        "both attended Crypto, Tashkent, November 2017",
        "speaks Russian",
        "already one of your acquaintances",
        "no steward has verified this entry yet",
        "not confirmed current in the last 365 days",
    ]


def test_an_introduction_names_where_the_two_met(world: SmallWorld, tokens: dict[str, str]) -> None:
    answer = call(
        Client(HTTP_ACCEPT_LANGUAGE="ru"),
        INTRODUCTIONS,
        {"from": str(world.asel.uuid), "to": str(world.bakyt.uuid)},
        token=tokens["read"],
    )
    assert "errors" not in answer, answer["errors"]
    paths = [[hop["reason"] for hop in path["hops"]] for path in answer["data"]["introductionPaths"]]
    assert paths == [[{"kind": "KNOWS", "text": "познакомились: Crypto, Ташкент, Ноябрь 2017 г."}]]


def test_an_acquaintance_in_common_is_a_reason_even_when_not_a_counterpart(
    world: SmallWorld, tokens: dict[str, str]
) -> None:
    # given Dilnoza knows Bakyt, whom Asel already knows
    officers.record_acquaintance(world.bakyt, world.dilnoza, source="declared")
    # when Asel asks for the one best counterpart on darknet drug trafficking (Dilnoza, not Bakyt)
    answer = call(Client(), COUNTERPARTS, asking(world, topic=str(world.darknet.uuid), limit=1), token=tokens["read"])
    # then Bakyt, seen by the integration, is named as the acquaintance in common
    reasons = reasons_of(answer, str(world.dilnoza.uuid))
    assert {
        "kind": "MUTUAL_ACQUAINTANCE",
        "text": "knows Bakyt Tokayev, one of your acquaintances",
        "officerUuid": str(world.bakyt.uuid),
    } in reasons


def test_the_points_of_the_reasons_add_up_to_the_score_and_the_marks_are_fields(
    world: SmallWorld, tokens: dict[str, str]
) -> None:
    query = """query Find($topic: ID!, $officer: ID) {
      counterparts(topic: $topic, officer: $officer, scope: ALL) {
        officer { uuid verified stale } score verified stale reasons { kind points } } }"""
    answer = call(
        Client(), query, {"topic": str(world.cybercrime.uuid), "officer": str(world.asel.uuid)}, token=tokens["read"]
    )
    assert "errors" not in answer, answer["errors"]
    found = answer["data"]["counterparts"]
    assert found
    for counterpart in found:
        assert round(sum(reason["points"] for reason in counterpart["reasons"]), 2) == counterpart["score"]
        kinds = {reason["kind"] for reason in counterpart["reasons"]}
        # nobody in the small world is verified or confirmed: every answer says so, as fields and as reasons
        assert counterpart["verified"] is False and counterpart["stale"] is True
        assert counterpart["officer"]["verified"] is False and counterpart["officer"]["stale"] is True
        assert {"UNVERIFIED", "STALE"} <= kinds


def test_officers_who_know_each_other_are_already_acquainted(world: SmallWorld, tokens: dict[str, str]) -> None:
    query = """query Paths($from: ID!, $to: ID!) { introductionPaths(fromOfficer: $from, toOfficer: $to) {
      alreadyAcquainted hops { reason { kind city eventTitle startsOn } } } }"""
    answer = call(Client(), query, {"from": str(world.asel.uuid), "to": str(world.bakyt.uuid)}, token=tokens["read"])
    assert "errors" not in answer, answer["errors"]
    assert answer["data"]["introductionPaths"] == [
        {
            "alreadyAcquainted": True,
            "hops": [
                {"reason": {"kind": "KNOWS", "city": "Tashkent", "eventTitle": "Crypto", "startsOn": "2017-11-27"}}
            ],
        }
    ]


def test_an_officer_users_say_seldom_answers_has_a_reason_with_the_figures(
    world: SmallWorld, tokens: dict[str, str]
) -> None:
    # given three users who said Bakyt answered two of their three requests
    now = timezone.now()
    for index, answer in enumerate(["answered", "no_answer", "answered"]):
        viewer = User.objects.create(username=f"asker-{index}", role=User.Role.STAFF)
        ContactFollowUp.objects.create(
            viewer=viewer, officer=world.bakyt, viewed_at=now, answer=answer, answered_at=now
        )
    query = """query Find($topic: ID!, $officer: ID) {
      counterparts(topic: $topic, officer: $officer, scope: ALL) {
        officer { uuid } score reasons { kind text points answered asked } } }"""
    # when an integration asks in Russian
    answer = call(
        Client(HTTP_ACCEPT_LANGUAGE="ru"),
        query,
        {"topic": str(world.crypto.uuid), "officer": str(world.asel.uuid)},
        token=tokens["read"],
    )
    # then the last of Bakyt's reasons says so, with the figures and the points it cost
    assert "errors" not in answer, answer["errors"]
    bakyt = next(c for c in answer["data"]["counterparts"] if c["officer"]["uuid"] == str(world.bakyt.uuid))
    assert bakyt["reasons"][-1] == {
        "kind": "UNANSWERED",
        "text": "ответил(а) на 2 из 3 обращений за последние двенадцать месяцев",
        "points": -0.67,
        "answered": 2,
        "asked": 3,
    }
    assert round(sum(reason["points"] for reason in bakyt["reasons"]), 2) == bakyt["score"]
    assert all(reason["answered"] is None for reason in bakyt["reasons"][:-1])


def test_officers_who_share_a_reason_read_it_alike_in_the_language_each_answer_was_asked_in(
    world: SmallWorld, tokens: dict[str, str]
) -> None:
    # given three new officers on cryptocurrency laundering, none verified yet
    for number in range(3):
        officers.create_officer(
            name_native=f"Офицер {number}",
            name_latin=f"Officer {number}",
            agency=world.kz_police,
            languages=["ru"],
            expertise={world.crypto: 2},
        )
    # when the same question is asked in English, then in Russian (an answer says alike reasons once between them)
    english = call(Client(), COUNTERPARTS, asking(world), token=tokens["read"])
    russian = call(Client(HTTP_ACCEPT_LANGUAGE="ru"), COUNTERPARTS, asking(world), token=tokens["read"])

    def unverified(answer: dict) -> dict[str, list[str]]:
        assert "errors" not in answer, answer["errors"]
        return {
            c["officer"]["uuid"]: [r["text"] for r in c["reasons"] if r["kind"] == "UNVERIFIED"]
            for c in answer["data"]["counterparts"]
        }

    # then each officer not verified says so once, in the answer's own language
    in_english, in_russian = unverified(english), unverified(russian)
    assert in_english.keys() == in_russian.keys()
    marked = [uuid for uuid, texts in in_english.items() if texts]
    assert len(marked) >= 4
    assert all(in_english[uuid] == ["no steward has verified this entry yet"] for uuid in marked)
    assert all(in_russian[uuid] == ["запись ещё не проверена ответственным за данные"] for uuid in marked)
    assert not any(texts for uuid, texts in in_russian.items() if uuid not in marked)
