"""The change feed (`changes`) and the webhook log in GraphQL: paged by cursor, visibility applied, no values."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import override_settings
from django.utils import timezone

from directory.models import ChangeEvent
from directory.services import officers
from directory.services.retention import prune_expired_records
from directory.services.webhooks import publish_changes, register_webhook_endpoint
from directory.webhooks.delivery import deliver_due
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db

CHANGES = """query Changes($after: String, $kinds: [ChangeKind!], $first: Int!) {
  changes(after: $after, kinds: $kinds, first: $first) {
    endCursor hasMore changes { cursor sequence recordKind uuid kind type fields at } } }"""
DELIVERIES = """query { webhookDeliveries(first: 10, status: DELIVERED) { totalCount edges { node {
  type status attempts lastStatusCode lastError messageId recordUuid endpoint { name url eventTypes } } } } }"""


def _all_changes(caller, kinds: list[str] | None = None, first: int = 7) -> list[dict]:
    """Page through the whole feed as a mirror would, `first` at a time."""
    seen, after = [], None
    while True:
        page = caller(CHANGES, {"after": after, "kinds": kinds, "first": first})["data"]["changes"]
        seen += page["changes"]
        after = page["endCursor"]
        if not page["hasMore"]:
            return seen


def test_a_mirror_pages_through_every_change_in_order_and_resumes_from_its_cursor(as_token, world) -> None:
    publish_changes()
    read = as_token("read")
    # when the integration reads the whole feed, seven at a time
    first_pass = _all_changes(read)
    sequences = [change["sequence"] for change in first_pass]
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences) > 7
    last = read(CHANGES, {"first": 100, "after": None})["data"]["changes"]
    # and something changes afterwards
    officers.update_officer(world.asel, position="Head of unit")
    publish_changes()
    # then asking after the cursor it kept gives just that change, naming the field, not the value
    page = read(CHANGES, {"first": 100, "after": first_pass[-1]["cursor"]})["data"]["changes"]
    assert [(c["type"], c["uuid"], c["fields"]) for c in page["changes"]] == [
        ("officer.updated", str(world.asel.uuid), ["position"])
    ]
    assert page["hasMore"] is False and page["endCursor"] == page["changes"][0]["cursor"]
    # and asking again after the end gives nothing new, with the same cursor back
    again = read(CHANGES, {"first": 100, "after": page["endCursor"]})["data"]["changes"]
    assert again == {"endCursor": page["endCursor"], "hasMore": False, "changes": []}
    assert last["hasMore"] is False or len(last["changes"]) == 100


def test_changes_can_be_filtered_by_kind(as_token, world: SmallWorld) -> None:
    publish_changes()
    start = as_token("read")(CHANGES, {"first": 100})["data"]["changes"]["endCursor"]
    officers.record_acquaintance(world.asel, world.dilnoza)
    officers.update_officer(world.bakyt, agency=world.uz_prosecutor)
    publish_changes()
    kinds = ["ACQUAINTANCE_RECORDED", "MOVED_AGENCY"]
    changes = as_token("read")(CHANGES, {"first": 100, "after": start, "kinds": kinds})["data"]["changes"]["changes"]
    assert sorted((c["kind"], c["uuid"]) for c in changes) == sorted(
        [
            ("ACQUAINTANCE_RECORDED", str(world.asel.uuid)),
            ("ACQUAINTANCE_RECORDED", str(world.dilnoza.uuid)),
            ("MOVED_AGENCY", str(world.bakyt.uuid)),
        ]
    )


def test_the_feed_holds_no_contact_value(as_token, world: SmallWorld) -> None:
    publish_changes()
    answer = json.dumps(as_token("read")(CHANGES, {"first": 100}))
    assert "bakyt@demo.liaison.invalid" not in answer and "+7 700" not in answer
    assert '"contacts"' in answer  # the names of what changed, though


def test_an_unverified_officer_sees_only_their_own_entrys_changes(as_user, world: SmallWorld, people) -> None:
    officers.update_officer(world.bakyt, rank="Colonel")
    officers.update_officer(world.dilnoza, rank="Major")
    publish_changes()
    changes = _all_changes(as_user("unverified"), first=100)
    officer_changes = {c["uuid"] for c in changes if c["recordKind"] == "officer"}
    assert officer_changes == {str(world.dilnoza.uuid)}
    assert any(c["recordKind"] == "agency" for c in changes)
    everyone = {c["uuid"] for c in _all_changes(as_user("verified"), first=100) if c["recordKind"] == "officer"}
    assert str(world.bakyt.uuid) in everyone


def test_the_signed_out_get_no_changes(as_user, world: SmallWorld) -> None:
    publish_changes()
    answer = as_user(None)(CHANGES, {"first": 10})
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    "cursor",
    ["", "nonsense", "Y2hhbmdlOi0x", "Y2hhbmdlOjk5OTk5OTk5OTk5OTk5OTk5OTk5", "YXJyYXljb25uZWN0aW9uOjE=", "é" * 100],
)
def test_a_cursor_the_feed_never_gave_is_refused_naming_after(as_token, world: SmallWorld, cursor: str) -> None:
    publish_changes()
    answer = as_token("read")(CHANGES, {"first": 10, "after": cursor})
    if cursor == "":
        assert answer["data"]["changes"]["changes"]  # an empty cursor is the start
        return
    error = answer["errors"][0]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["field"] == "after"
    assert "endCursor" in error["message"]


def test_after_pruning_a_kept_cursor_resumes_and_an_older_one_is_told_it_expired(as_token, world: SmallWorld) -> None:
    # given a mirror that read the feed a year and a half ago, and one that read it last week
    publish_changes()
    read = as_token("read")
    everything = _all_changes(read, first=100)
    stale_cursor, recent_cursor = everything[0]["cursor"], everything[-1]["cursor"]
    ChangeEvent.objects.update(at=timezone.now() - datetime.timedelta(days=540))
    officers.update_officer(world.asel, position="Head of unit")
    publish_changes()
    # when the pruning job forgets what is older than the feed keeps
    prune_expired_records()
    # then the recent cursor resumes exactly where it was
    page = read(CHANGES, {"first": 100, "after": recent_cursor})["data"]["changes"]
    assert [(c["type"], c["fields"]) for c in page["changes"]] == [("officer.updated", ["position"])]
    # and the old one is refused, naming `after` and what to do, rather than passing forgotten changes by
    answer = read(CHANGES, {"first": 100, "after": stale_cursor})
    error = answer["errors"][0]
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "after", "reason": "cursor_expired"}
    assert "older than the change feed keeps (changes of the last 365 days)" in error["message"]
    assert "without `after`" in error["message"]
    # and without a cursor the feed starts at the oldest change it keeps
    start = read(CHANGES, {"first": 100, "after": None})["data"]["changes"]["changes"]
    assert [c["sequence"] for c in start] == [everything[-1]["sequence"] + 1]


@pytest.mark.parametrize("first", [-1, 101, 10**12])
def test_a_page_size_out_of_range_is_refused_naming_first(as_token, world: SmallWorld, first: int) -> None:
    answer = as_token("read")(CHANGES, {"first": first})
    assert answer["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert answer["errors"][0]["extensions"]["field"] == "first"


@override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=True)
@pytest.mark.parametrize(
    ("who", "allowed"),
    [("admin", True), ("steward_kz", False), ("staff", False), ("verified", False), ("unverified", False)],
)
def test_the_delivery_log_is_for_administrators_only(as_user, world: SmallWorld, who: str, allowed: bool) -> None:
    from tests.webhook_receiver import Receiver

    publish_changes()
    receiver = Receiver().start()
    try:
        _, receiver.secret = register_webhook_endpoint(name="mirror", url=receiver.url)
        officers.update_officer(world.asel, rank="Major")
        publish_changes()
        deliver_due()
    finally:
        receiver.stop()
    answer = as_user(who)(DELIVERIES)
    if not allowed:
        assert answer["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
        return
    log = answer["data"]["webhookDeliveries"]
    assert log["totalCount"] == 1
    node = log["edges"][0]["node"]
    assert (node["type"], node["status"], node["attempts"], node["lastStatusCode"]) == (
        "officer.updated",
        "DELIVERED",
        1,
        200,
    )
    assert node["messageId"] == receiver.received[0].message_id
    assert "secret" not in json.dumps(answer).lower()


def test_an_integration_token_cannot_read_the_delivery_log(as_token, world: SmallWorld) -> None:
    answer = as_token("read")(DELIVERIES)
    assert answer["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
