"""Webhooks: signed as Standard Webhooks says, retried with backoff, in order per record, given up, filtered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from directory.models import ContactChannel, WebhookDelivery, WebhookEndpoint
from directory.services import events, institutions, officers
from directory.services.webhooks import publish_changes, register_webhook_endpoint, retry_deliveries
from directory.webhooks.delivery import deliver_due
from directory.webhooks.secrets import decrypt_secret
from tests.factories import SmallWorld, build_small_world
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


@pytest.fixture(autouse=True)
def loopback_allowed_and_no_waiting() -> Iterator[None]:
    # The receiver listens on loopback (allowed while developing); retries are due at once unless a test says.
    with override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=True, LIAISON_WEBHOOK_BACKOFF_SECONDS=0):
        yield


@pytest.fixture
def world() -> SmallWorld:
    world = build_small_world()
    publish_changes()  # the world's own creation is published before any endpoint exists
    return world


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


def _register(receiver: Receiver, **filters: list[str]) -> WebhookEndpoint:
    endpoint, secret = register_webhook_endpoint(name="case-system", url=receiver.url, **filters)
    receiver.secret = secret
    return endpoint


def test_a_change_arrives_signed_with_ids_kind_and_field_names_only(world: SmallWorld, receiver: Receiver) -> None:
    # given an endpoint
    _register(receiver)
    # when an officer's position changes and the worker publishes and delivers
    officers.update_officer(world.asel, position="Head of the cybercrime unit")
    publish_changes()
    deliver_due()
    # then the receiver verified the signature with the specification's own library, and read ids and names only
    assert [r.verified for r in receiver.received] == [True]
    message = receiver.delivered[0]
    assert message["type"] == "officer.updated"
    assert message["data"]["id"] == str(world.asel.uuid)
    assert message["data"]["fields"] == ["position"]
    assert "Head of the cybercrime unit" not in receiver.received[0].body.decode()
    assert receiver.received[0].message_id.startswith("msg_")
    assert WebhookDelivery.objects.get().status == Status.DELIVERED


def test_a_wrong_secret_fails_the_receivers_check(world: SmallWorld, receiver: Receiver) -> None:
    _register(receiver)
    receiver.secret = "whsec_" + "QUJD" * 8  # not the endpoint's secret
    officers.update_officer(world.asel, position="Analyst")
    publish_changes()
    deliver_due()
    assert [r.verified for r in receiver.received] == [False]


def test_contact_values_never_leave_in_a_webhook(world: SmallWorld, receiver: Receiver) -> None:
    _register(receiver)
    officers.add_contact_channel(
        world.asel, kind="email", value="asel.private@example.org", visibility=ContactChannel.Visibility.STEWARDS
    )
    publish_changes()
    deliver_due()
    assert receiver.delivered[0]["type"] == "officer.links_changed"
    assert receiver.delivered[0]["data"]["fields"] == ["contacts"]
    assert all(b"asel.private" not in r.body for r in receiver.received)


def test_the_receiver_failing_twice_gets_the_same_message_a_third_time(world: SmallWorld, receiver: Receiver) -> None:
    # given a receiver that answers 500 twice, then 200
    _register(receiver)
    receiver.answers = [500, 500]
    officers.update_officer(world.asel, rank="Major")
    publish_changes()
    # when the worker delivers (each failure is due again at once: no backoff in this test)
    deliver_due()
    # then the third attempt was taken, with the same webhook-id each time
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (Status.DELIVERED, 3, 200)
    assert len({r.message_id for r in receiver.received}) == 1
    assert len(receiver.received) == 3


def test_a_failure_waits_longer_each_time(world: SmallWorld, receiver: Receiver) -> None:
    _register(receiver)
    receiver.answers = [500]
    officers.update_officer(world.asel, rank="Major")
    publish_changes()
    with override_settings(LIAISON_WEBHOOK_BACKOFF_SECONDS=60):
        deliver_due()
        # the delivery is not due again yet: a second round sends nothing
        assert deliver_due() == 0
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.PENDING and delivery.attempts == 1
    assert delivery.last_error.startswith("HTTP 500")
    assert delivery.next_attempt_at > delivery.last_attempt_at


def test_a_records_later_change_waits_for_its_earlier_one(world: SmallWorld, receiver: Receiver) -> None:
    # given two changes to Asel and one to Bakyt, and a receiver that refuses the first message
    _register(receiver)
    officers.update_officer(world.asel, rank="Captain")
    officers.update_officer(world.asel, rank="Major")
    officers.update_officer(world.bakyt, rank="Colonel")
    publish_changes()
    receiver.answers = [503]
    # when the worker delivers with a long backoff
    with override_settings(LIAISON_WEBHOOK_BACKOFF_SECONDS=3600):
        deliver_due()
    # then Asel's second change was not sent before her first; Bakyt's was
    sent = [(m["data"]["id"], m["data"]["sequence"]) for m in receiver.delivered]
    assert sent == [(str(world.asel.uuid), sent[0][1]), (str(world.bakyt.uuid), sent[1][1])]
    # when the refused delivery is retried
    retry_deliveries(WebhookDelivery.objects.filter(status=Status.PENDING))
    deliver_due()
    # then Asel's changes arrived in their order
    asel = [m["data"]["sequence"] for m in receiver.delivered if m["data"]["id"] == str(world.asel.uuid)]
    assert asel == sorted(asel) and len(asel) == 3  # the refused one, sent again, then the later one
    assert not WebhookDelivery.objects.exclude(status=Status.DELIVERED).exists()


@override_settings(LIAISON_WEBHOOK_MAX_ATTEMPTS=3)
def test_after_the_last_try_the_delivery_is_given_up_and_the_next_change_goes(
    world: SmallWorld, receiver: Receiver
) -> None:
    # given a receiver that refuses three times
    _register(receiver)
    receiver.answers = [500, 500, 500]
    officers.update_officer(world.asel, rank="Captain")
    officers.update_officer(world.asel, rank="Major")
    publish_changes()
    # when the worker delivers
    deliver_due()
    # then the first delivery was given up after three tries, with its last error, and the second was delivered
    first, second = WebhookDelivery.objects.order_by("id")
    assert (first.status, first.attempts) == (Status.GIVEN_UP, 3)
    assert first.last_error.startswith("HTTP 500")
    assert second.status == Status.DELIVERED


def test_a_redirect_is_not_followed_nor_counted_as_delivered(world: SmallWorld, receiver: Receiver) -> None:
    _register(receiver)
    receiver.answers = [302]
    officers.update_officer(world.asel, rank="Major")
    publish_changes()
    with override_settings(LIAISON_WEBHOOK_BACKOFF_SECONDS=3600):
        deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == (Status.PENDING, 302)
    assert len(receiver.received) == 1


def test_a_large_answer_is_read_only_up_to_the_cap(world: SmallWorld, receiver: Receiver) -> None:
    _register(receiver)
    receiver.answers, receiver.answer_body = [500], b"x" * 2_000_000
    officers.update_officer(world.asel, rank="Major")
    publish_changes()
    with override_settings(LIAISON_WEBHOOK_BACKOFF_SECONDS=3600, LIAISON_WEBHOOK_RESPONSE_CAP_BYTES=1024):
        deliver_due()
    assert len(WebhookDelivery.objects.get().last_error) < 400


def test_a_receiver_that_does_not_answer_in_time_is_a_failed_attempt(world: SmallWorld, receiver: Receiver) -> None:
    import threading

    _register(receiver)
    receiver.hold = threading.Event()  # the receiver takes the request and keeps the worker waiting
    officers.update_officer(world.asel, rank="Major")
    publish_changes()
    with override_settings(LIAISON_WEBHOOK_BACKOFF_SECONDS=3600, LIAISON_WEBHOOK_TIMEOUT_SECONDS=0.5):
        deliver_due()
    receiver.hold.set()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.PENDING and delivery.attempts == 1
    assert "timed out" in delivery.last_error


def test_relationship_changes_are_events_too(world: SmallWorld, receiver: Receiver) -> None:
    # given an endpoint for relationship events only
    _register(
        receiver,
        event_types=[
            "officer.acquaintance_recorded",
            "officer.acquaintance_removed",
            "officer.moved_agency",
            "coverage.deleted",
        ],
    )
    # when an acquaintance is recorded, then removed, an officer moves agency and a coverage is removed
    officers.record_acquaintance(world.asel, world.dilnoza)
    officers.remove_acquaintance(world.asel, world.dilnoza)
    officers.update_officer(world.bakyt, agency=world.uz_prosecutor)
    coverage = world.partner.coverage.get()
    events.remove_coverage(coverage)
    institutions.update_agency(world.kg_police, name_en="Ministry of Internal Affairs of the Kyrgyz Republic")
    publish_changes()
    deliver_due()
    # then each arrived, naming both officers of an acquaintance, and nothing else did
    got = sorted((m["type"], m["data"]["id"]) for m in receiver.delivered)
    asel, dilnoza = str(world.asel.uuid), str(world.dilnoza.uuid)
    assert got == sorted(
        [
            ("officer.acquaintance_recorded", asel),
            ("officer.acquaintance_recorded", dilnoza),
            ("officer.acquaintance_removed", asel),
            ("officer.acquaintance_removed", dilnoza),
            ("officer.moved_agency", str(world.bakyt.uuid)),
            ("coverage.deleted", str(coverage.uuid)),
        ]
    )
    moved = next(m for m in receiver.delivered if m["type"] == "officer.moved_agency")
    assert moved["data"]["fields"] == ["agency"]


def test_an_endpoint_filtered_by_country_and_topic_hears_only_those(world: SmallWorld, receiver: Receiver) -> None:
    _register(receiver, country_codes=["KZ"], topic_slugs=["crypto-laundering"])
    officers.update_officer(world.asel, rank="Major")  # KG
    officers.update_officer(world.bakyt, rank="Major")  # KZ, crypto
    officers.erase_officer(world.dilnoza)  # UZ, but gone: a deletion reaches every endpoint for its type
    publish_changes()
    deliver_due()
    assert sorted((m["type"], m["data"]["id"]) for m in receiver.delivered) == sorted(
        [("officer.updated", str(world.bakyt.uuid)), ("officer.deleted", str(world.dilnoza.uuid))]
    )


def test_the_secret_is_shown_once_and_stored_encrypted(world: SmallWorld, receiver: Receiver) -> None:
    endpoint, secret = register_webhook_endpoint(name="case-system", url=receiver.url)
    assert secret.startswith("whsec_")
    stored = WebhookEndpoint.objects.filter(pk=endpoint.pk).values().get()
    assert not any(secret in str(value) or secret[6:] in str(value) for value in stored.values())
    assert decrypt_secret(endpoint.secret_encrypted) == secret


def test_an_inactive_endpoint_hears_nothing(world: SmallWorld, receiver: Receiver) -> None:
    endpoint = _register(receiver)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    officers.update_officer(world.asel, rank="Major")
    publish_changes()
    deliver_due()
    assert receiver.received == []


@pytest.mark.parametrize(
    "event_types",
    [["officer.exploded"], ["country.acquaintance_recorded"], ["x" * 5000]],
)
def test_unknown_event_types_are_refused_naming_the_field(world: SmallWorld, event_types: list[str]) -> None:
    with pytest.raises(ValidationError) as refused:
        register_webhook_endpoint(name="x", url="http://127.0.0.1:9/hook", event_types=event_types)
    assert refused.value.error_dict["event_types"][0].code == "unknown_event_type"
    assert not WebhookEndpoint.objects.exists()


def test_unknown_filters_are_refused_naming_the_field(world: SmallWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        register_webhook_endpoint(name="x", url="http://127.0.0.1:9/hook", country_codes=["XX"])
    assert refused.value.error_dict["countries"][0].code == "unknown_country"
    with pytest.raises(ValidationError) as refused:
        register_webhook_endpoint(name="x", url="http://127.0.0.1:9/hook", topic_slugs=["no-such-topic"])
    assert refused.value.error_dict["topics"][0].code == "unknown_topic"
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"name": "case\u202esystem"}, "name", "hidden_character"),
        ({"name": ""}, "name", "blank"),
        ({"name": "x" * 101}, "name", "max_length"),
        ({"url": "https://example.org/" + "a" * 600}, "url", "max_length"),
        ({"url": "javascript:alert(1)"}, "url", "invalid"),
        ({"url": "http://127.0.0.1:9/hook\r\nX-Injected: 1"}, "url", "hidden_character"),
    ],
)
def test_hostile_endpoint_input_is_refused_naming_the_field(
    world: SmallWorld, fields: dict, field: str, code: str
) -> None:
    values = {"name": "case-system", "url": "http://127.0.0.1:9/hook", **fields}
    with pytest.raises(ValidationError) as refused:
        register_webhook_endpoint(**values)
    assert field in refused.value.error_dict
    assert refused.value.error_dict[field][0].code == code
    assert not WebhookEndpoint.objects.exists()


def test_a_dead_receiver_is_tried_once_a_round_and_does_not_hold_up_the_others(
    world: SmallWorld, receiver: Receiver
) -> None:
    # given one endpoint where nothing listens and one that answers
    register_webhook_endpoint(name="dead", url="http://127.0.0.1:9/hook")
    _register(receiver)
    for rank in ("Captain", "Major", "Colonel"):
        officers.update_officer(world.asel, rank=rank)
        officers.update_officer(world.bakyt, rank=rank)
    publish_changes()
    # when the worker delivers
    with override_settings(LIAISON_WEBHOOK_BACKOFF_SECONDS=3600):
        deliver_due()
    # then the live endpoint has all six, and the dead one cost one attempt, its error logged
    assert len(receiver.delivered) == 6
    dead = WebhookDelivery.objects.filter(endpoint__name="dead")
    assert sorted(dead.values_list("attempts", flat=True)) == [0, 0, 0, 0, 0, 1]
    assert "Connection refused" in dead.get(attempts=1).last_error
