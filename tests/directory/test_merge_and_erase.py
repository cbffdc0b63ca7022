"""Merging two entries of one person, and erasing a person: checked in every table and in the projected graph."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client

from directory.audit import acting_as
from directory.models import ChangeLog, ContactAccessLog, ContactChannel, Officer, OutboxEvent, Participation, User
from directory.services import events, officers
from directory.services.access import issue_api_token, log_contact_access
from graph.check import find_drift
from graph.driver import get_driver
from graph.projector import project_pending
from graph.queries.schema import FULLTEXT_INDEX
from graph.search import search_names
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "asel.toktogulova@mvd.kg.invalid"
PHONE = "+996 312 66 24 01"
POSITION = "Head of the darknet markets unit"


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


def graph(query: str, **parameters: Any) -> list[dict[str, Any]]:
    """Rows of a read against the real Neo4j."""
    records, _, _ = get_driver().execute_query(query, parameters, database_=settings.NEO4J_DATABASE)
    return [record.data() for record in records]


def project() -> None:
    """Apply every outbox event, as the worker would, and insist nothing is left waiting."""
    report = project_pending()
    assert report.error is None and report.pending == 0, report


# ---------------------------------------------------------------- merge


def test_a_merge_folds_the_duplicate_into_the_kept_entry_and_the_graph_follows(world: SmallWorld) -> None:
    # given: Dilnoza's entry, and a second, misspelled one with other languages, expertise, contacts and events
    keep = world.dilnoza
    officers.add_contact_channel(keep, kind="email", value="dilnoza@prokuratura.uz.invalid", visibility="verified")
    duplicate = officers.create_officer(
        name_native="Дилноза Каримова",
        name_latin="Dilnoza Karimova",
        agency=world.uz_prosecutor,
        languages=["ru", "ky"],
        expertise={world.darknet: 1, world.crypto: 2},
    )
    officers.add_contact_channel(duplicate, kind="email", value="dilnoza@prokuratura.uz.invalid", visibility="staff")
    officers.add_contact_channel(duplicate, kind="mobile", value="+998 90 000 00 01", visibility="stewards")
    events.record_participation(duplicate, world.workshop, rating="good", wants_more=True)
    officers.record_acquaintance(duplicate, world.asel, source="met_at_event", event=world.workshop)
    officers.record_acquaintance(duplicate, keep)  # the two entries "knew" each other: no self-acquaintance after
    account = User.objects.create_user("dilnoza", password="a-long-test-password", role="officer", officer=duplicate)
    officers.verify_officer(duplicate, by=User.objects.create_user("uz-steward", role="steward"))
    project()
    duplicate_uuid = duplicate.uuid

    # when
    kept = officers.merge_officers(keep, duplicate)
    project()

    # then: the directory holds one entry with the union of both
    assert not Officer.objects.filter(uuid=duplicate_uuid).exists()
    assert sorted(kept.languages.values_list("code", flat=True)) == ["en", "ky", "ru"]
    assert dict(kept.expertise.values_list("topic__slug", "level")) == {"darknet-drugs": 3, "crypto-laundering": 2}
    assert sorted(kept.contacts.values_list("kind", "value", "visibility")) == [
        ("email", "dilnoza@prokuratura.uz.invalid", "verified"),  # the kept entry's visibility wins
        ("mobile", "+998 90 000 00 01", "stewards"),
    ]
    assert list(Participation.objects.filter(officer=kept).values_list("event__short_title", "rating")) == [
        ("Crypto", "good")
    ]
    assert [other.pk for other in officers_known_by(kept)] == [world.asel.pk]
    assert kept.verified_at is not None, "the duplicate's verification carries over to an unverified entry"
    account.refresh_from_db()
    assert account.officer == kept, "the person's sign-in follows them to the kept entry"
    # The duplicate's history stays: it was the same person, who is still in the directory.
    deletion = ChangeLog.objects.get(record_uuid=duplicate_uuid, action="delete")
    assert deletion.before["name_native"] == "Дилноза Каримова"

    # then: the graph, after projection through the outbox, says the same
    assert graph("MATCH (n {uuid: $uuid}) RETURN n", uuid=str(duplicate_uuid)) == []
    links = graph(
        "MATCH (o:Officer {uuid: $uuid})-[r]-(t) RETURN type(r) AS type, coalesce(t.uuid, t.code) AS to, "
        "properties(r) AS props ORDER BY type, to",
        uuid=str(kept.uuid),
    )
    by_type: dict[str, list[Any]] = {}
    for link in links:
        by_type.setdefault(link["type"], []).append((link["to"], link["props"]))
    assert sorted(to for to, _ in by_type["SPEAKS"]) == ["en", "ky", "ru"]
    assert sorted((to, props["level"]) for to, props in by_type["EXPERT_IN"]) == sorted(
        [(str(world.darknet.uuid), 3), (str(world.crypto.uuid), 2)]
    )
    assert by_type["ATTENDED"] == [(str(world.workshop.uuid), {"role": "participant", "rating": "good"})]
    assert [to for to, _ in by_type["KNOWS"]] == [str(world.asel.uuid)]
    assert by_type["KNOWS"][0][1] == {"source": "met_at_event", "event": str(world.workshop.uuid)}
    assert graph("MATCH (o:Officer {uuid: $uuid}) RETURN o.verified AS v", uuid=str(kept.uuid)) == [{"v": True}]
    assert find_drift() == []


def test_a_merge_keeps_the_kept_entrys_own_event_rating_and_the_higher_expertise(world: SmallWorld) -> None:
    # given: Bakyt twice, both at the workshop; the duplicate rated it lower and knows less
    duplicate = officers.create_officer(
        name_native="Бакыт Токаев", name_latin="Bakyt Tokaev", agency=world.kz_police, expertise={world.crypto: 1}
    )
    events.record_participation(duplicate, world.workshop, rating="fair")
    officers.record_acquaintance(duplicate, world.asel)

    # when
    kept = officers.merge_officers(world.bakyt, duplicate)
    project()

    # then
    assert list(kept.participations.values_list("rating", flat=True)) == ["excellent"]
    assert dict(kept.expertise.values_list("topic__slug", "level")) == {"crypto-laundering": 3, "darknet-drugs": 1}
    assert [other.pk for other in officers_known_by(kept)] == [world.asel.pk]
    assert graph("MATCH (:Officer {uuid: $uuid})-[r:ATTENDED]->() RETURN r.rating AS rating", uuid=str(kept.uuid)) == [
        {"rating": "excellent"}
    ]
    assert find_drift() == []


def test_an_entry_cannot_be_merged_into_itself_and_nothing_changes(world: SmallWorld) -> None:
    logged = ChangeLog.objects.count()
    with pytest.raises(Exception, match="cannot be merged into itself"):
        officers.merge_officers(world.asel, world.asel)
    assert Officer.objects.filter(pk=world.asel.pk).exists() and ChangeLog.objects.count() == logged


def officers_known_by(officer: Officer) -> list[Officer]:
    """The officers this one knows, in id order."""
    from directory.services.erasure import acquaintance_ids

    return list(Officer.objects.filter(pk__in=acquaintance_ids(officer)).order_by("pk"))


# ---------------------------------------------------------------- erase


def person_strings(officer: Officer) -> list[str]:
    """What must not survive an erasure: names in both scripts and their Latin form, position, e-mail, phone."""
    return [
        officer.name_native,
        officer.name_latin,
        officer.name_ascii,
        "Токтогулова",
        "Toktogulova",
        POSITION,
        EMAIL,
        PHONE,
        "asel.toktogulova",
    ]


def text_in_database() -> list[tuple[str, str]]:
    """Every text and JSON value of every table (auth and sessions included, sessions decoded): (where, text)."""
    found: list[tuple[str, str]] = []
    for model in apps.get_models(include_auto_created=True):
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                if value is None:
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                found.append((f"{model._meta.db_table}.{name}", text))
    for session in Session.objects.all():
        found.append(("django_session (decoded)", json.dumps(session.get_decoded(), ensure_ascii=False)))
    return found


def text_in_graph() -> list[tuple[str, str]]:
    """Every property of every node and relationship in Neo4j, as text."""
    nodes = graph("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    relationships = graph("MATCH ()-[r]->() RETURN type(r) AS type, properties(r) AS props")
    return [(str(row["labels"]), json.dumps(row["props"], ensure_ascii=False)) for row in nodes] + [
        (row["type"], json.dumps(row["props"], ensure_ascii=False)) for row in relationships
    ]


def traces(needles: list[str], haystack: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """(where, needle) for every needle found in the haystack, case-insensitively."""
    return {(where, needle) for where, text in haystack for needle in needles if needle.casefold() in text.casefold()}


def full_text_hits(word: str) -> list[dict[str, Any]]:
    """What the graph's full-text index answers for a word, fuzzily."""
    return graph(
        "CALL db.index.fulltext.queryNodes($index, $q) YIELD node RETURN node.uuid AS uuid",
        index=FULLTEXT_INDEX,
        q=f"{word}~",
    )


def test_erasing_an_officer_leaves_nothing_of_the_person_anywhere_but_keeps_who_did_what(
    world: SmallWorld, caplog: pytest.LogCaptureFixture
) -> None:
    # given: Asel everywhere Liaison keeps something: entry, contacts, account, logs, admin history, sessions, graph
    asel, admin = world.asel, User.objects.create_user("admin", password="a-long-test-password", role="admin")
    with acting_as(admin, request_id="req-position"):
        officers.update_officer(asel, position=POSITION, rank="Lieutenant colonel")
    officers.add_contact_channel(asel, kind="email", value=EMAIL, visibility="verified")
    officers.add_contact_channel(asel, kind="phone", value=PHONE, visibility="staff")
    account = User.objects.create_user(
        "asel.toktogulova", email=EMAIL, first_name="Asel", last_name="Toktogulova", role="officer", officer=asel
    )
    account.set_password("a-long-test-password")
    account.save()
    issue_api_token(user=account, name="Asel Toktogulova's laptop", scopes=["read"])
    own = Client()
    own.force_login(account)
    assert own.post(f"/officers/{asel.uuid}/confirm/").status_code == 302  # she confirms her own entry
    assert own.get("/").status_code == 200
    log_contact_access(viewer=account, officer=world.bakyt, channel_count=1, operation="OfficerPage")
    log_contact_access(
        viewer=admin, officer=asel, channel_count=2, operation="OfficerPage", reason="Calling Asel Toktogulova"
    )
    LogEntry.objects.log_actions(  # what the admin site writes when a contact is added inline
        admin.pk, [asel], CHANGE, change_message=[{"added": {"name": "contact channel", "object": f"E-mail: {EMAIL}"}}]
    )
    project()
    OutboxEvent.objects.filter(pk=OutboxEvent.objects.latest("id").pk).update(
        last_error=f"ConstraintError: Officer name_latin = '{asel.name_latin}'"
    )
    needles = person_strings(asel)
    # The search really searches: before the erasure it finds her in the tables and in the graph.
    before = {where.split(".")[0] for where, _ in traces(needles, text_in_database())}
    assert {"directory_officer", "directory_contactchannel", "directory_user", "directory_changelog"} <= before
    assert {"directory_contactaccesslog", "django_admin_log", "directory_outboxevent", "directory_apitoken"} <= before
    assert traces(needles, text_in_graph()) and full_text_hits("Toktogulova")
    audit_before = list(
        ChangeLog.objects.filter(record_uuid=asel.uuid).order_by("id").values_list("id", "actor_id", "action", "at")
    )

    # when: an administrator erases her through the API (Liaison's own log lines caught, as verbose as it gets)
    caplog.set_level(logging.INFO)
    client = Client()
    client.force_login(admin)
    answer = client.post(
        "/graphql",
        data=json.dumps(
            {
                "query": "mutation($o: ID!) { eraseOfficer(officer: $o) { __typename ... on ErasedOfficer { uuid } } }",
                "variables": {"o": str(asel.uuid)},
            }
        ),
        content_type="application/json",
    ).json()
    assert answer["data"]["eraseOfficer"] == {"__typename": "ErasedOfficer", "uuid": str(asel.uuid)}
    project()

    # then: not a trace in any table, node, relationship, full-text index or log line Liaison wrote
    assert traces(needles, [(record.name, record.getMessage()) for record in caplog.records]) == set()
    assert traces(needles, text_in_database()) == set()
    assert traces(needles, text_in_graph()) == set()
    assert full_text_hits("Toktogulova") == [] and full_text_hits("Токтогулова") == []
    assert search_names(get_driver(), "Asel Toktogulova") == []
    assert [match.name for match in search_names(get_driver(), "Bakyt Tokayev")][:1] == ["Bakyt Tokayev"]
    # ... and who did what, when, is still there
    audit_after = (
        ChangeLog.objects.filter(record_uuid=asel.uuid).order_by("id").values_list("id", "actor_id", "action", "at")
    )
    assert list(audit_after)[: len(audit_before)] == audit_before
    deletion = ChangeLog.objects.get(record_uuid=asel.uuid, action="delete")
    assert deletion.actor == admin and deletion.before["name_latin"] == "[erased]"
    assert deletion.before["uuid"] == str(asel.uuid)
    confirmation = ChangeLog.objects.filter(record_uuid=asel.uuid, actor=account).get()
    assert confirmation.actor_username == f"erased-{account.pk}"
    view = ContactAccessLog.objects.get(officer_uuid=asel.uuid)
    assert (view.viewer, view.channel_count, view.reason) == (admin, 2, "[erased]")
    account.refresh_from_db()
    assert not account.is_active and not account.has_usable_password()
    token = account.api_tokens.get()
    assert token.state == "revoked" and token.name == "[erased]"
    assert own.get("/").status_code == 302, "her open session no longer signs her in"
    assert not ContactChannel.objects.filter(value__in=[EMAIL, PHONE]).exists()
    assert graph("MATCH (n {uuid: $uuid}) RETURN n", uuid=str(asel.uuid)) == []
    assert graph("MATCH (:Officer {uuid: $uuid})-[r:KNOWS]-() RETURN r", uuid=str(world.bakyt.uuid)) == []


def test_erasing_through_the_admin_site_tombstones_the_admin_sites_own_record_of_it(world: SmallWorld) -> None:
    # given
    admin = User.objects.create_superuser("root", password="a-long-test-password", role="admin")
    client = Client()
    client.force_login(admin)
    asel = world.asel

    # when: the admin site's delete page, which logs the deletion under the officer's name, then erases
    response = client.post(f"/admin/directory/officer/{asel.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    project()

    # then
    [entry] = LogEntry.objects.filter(object_id=str(asel.pk), content_type__model="officer")
    assert entry.object_repr == "[erased]" and entry.user == admin
    assert traces(person_strings(asel), text_in_database() + text_in_graph()) == set()


def test_the_logs_refuse_any_rewrite_but_the_erasable_values() -> None:
    with pytest.raises(Exception, match="erasure may overwrite only before, after, actor_username, not action"):
        ChangeLog.overwrite_erased_values([], ("action",))
    with pytest.raises(Exception, match="not at, viewer"):
        ContactAccessLog.overwrite_erased_values([], ("viewer", "at"))
