"""The pruning job: settled webhook deliveries and the feed's oldest changes go after their retention."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from directory.models import ChangeEvent, ChangeLog, WebhookDelivery
from directory.services import officers
from directory.services.retention import RetentionMisconfigured, prune_expired_records
from directory.services.webhooks import (
    publish_changes,
    record_delivered,
    record_failed_attempt,
    register_webhook_endpoint,
)
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


@pytest.fixture(autouse=True)
def loopback_allowed() -> Iterator[None]:
    with override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=True, LIAISON_WEBHOOK_MAX_ATTEMPTS=1):
        yield


@pytest.fixture
def world() -> SmallWorld:
    # An endpoint that hears of every change: each published change gets a delivery.
    register_webhook_endpoint(name="case-system", url="http://127.0.0.1:9/hooks")
    return build_small_world()


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def run_pruning() -> str:
    out = StringIO()
    call_command("run_job", "pruning", stdout=out)
    return out.getvalue().strip()


def test_settled_deliveries_go_after_the_retention_and_pending_ones_stay(world: SmallWorld) -> None:
    # given the small world's changes published, each with a delivery
    publish_changes()
    first, second, third, fourth, fifth, *rest = WebhookDelivery.objects.order_by("id")
    # delivered or given up 31 days ago, delivered 29 days ago, and pending for 100 days
    record_delivered(first, 200)
    record_failed_attempt(second, "HTTP 500: down")
    record_delivered(third, 204)
    WebhookDelivery.objects.filter(pk__in=[first.pk, second.pk]).update(last_attempt_at=days_ago(31))
    WebhookDelivery.objects.filter(pk=third.pk).update(last_attempt_at=days_ago(29))
    WebhookDelivery.objects.filter(pk=fourth.pk).update(created_at=days_ago(100), next_attempt_at=days_ago(100))
    assert WebhookDelivery.objects.get(pk=second.pk).status == Status.GIVEN_UP

    # when the pruning job runs
    assert run_pruning() == "pruning: 2"

    # then the two settled a month ago are gone, the rest stays
    left = set(WebhookDelivery.objects.values_list("pk", flat=True))
    assert first.pk not in left and second.pk not in left
    assert {third.pk, fourth.pk, fifth.pk} | {delivery.pk for delivery in rest} == left
    with override_settings(LIAISON_WEBHOOK_DELIVERY_RETENTION_DAYS=7):
        assert prune_expired_records() == 1  # a shorter retention takes the one of 29 days too
    assert WebhookDelivery.objects.filter(pk=third.pk).count() == 0


def test_the_feeds_oldest_changes_go_after_its_retention_and_the_change_log_stays(world: SmallWorld) -> None:
    # given the small world's changes published a year and a half ago, and delivered then
    publish_changes()
    WebhookDelivery.objects.update(status=Status.DELIVERED, last_attempt_at=days_ago(540))
    ChangeEvent.objects.update(at=days_ago(540))
    old = list(ChangeEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    # and one change of last week, still waiting for its delivery
    officers.update_officer(world.asel, position="Head of unit")
    publish_changes()
    logged = ChangeLog.objects.count()

    # when the pruning job runs
    done = prune_expired_records()

    # then the old deliveries and the old changes are gone, last week's change stays, and the change log is whole
    assert done == len(old) + len(old)
    assert list(ChangeEvent.objects.values_list("sequence", flat=True)) == [old[-1] + 1]
    assert WebhookDelivery.objects.filter(status=Status.PENDING).count() == 1
    assert ChangeLog.objects.count() == logged


def test_a_change_a_delivery_still_names_keeps_itself_and_every_later_one(world: SmallWorld) -> None:
    # given old changes, the third of which still waits for its delivery
    publish_changes()
    ChangeEvent.objects.update(at=days_ago(540))
    WebhookDelivery.objects.update(status=Status.DELIVERED, last_attempt_at=days_ago(540))
    sequences = list(ChangeEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    WebhookDelivery.objects.filter(event__sequence=sequences[2]).update(status=Status.PENDING)
    # when the pruning job runs, then the feed keeps no gap: the first two go, the rest stays
    prune_expired_records()
    assert list(ChangeEvent.objects.order_by("sequence").values_list("sequence", flat=True)) == sequences[2:]


def test_the_latest_change_stays_so_that_the_sequence_goes_on(world: SmallWorld) -> None:
    publish_changes()
    latest = ChangeEvent.objects.order_by("-sequence").first()
    WebhookDelivery.objects.update(status=Status.DELIVERED, last_attempt_at=days_ago(540))
    ChangeEvent.objects.update(at=days_ago(540))
    prune_expired_records()
    assert list(ChangeEvent.objects.values_list("sequence", flat=True)) == [latest.sequence]
    # the next change is numbered after it, so a cursor kept by a client still resumes
    officers.update_officer(world.bakyt, position="Senior investigator")
    publish_changes()
    assert list(ChangeEvent.objects.order_by("sequence").values_list("sequence", flat=True)) == [
        latest.sequence,
        latest.sequence + 1,
    ]


def test_changes_not_yet_published_are_never_pruned(world: SmallWorld) -> None:
    ChangeEvent.objects.update(at=days_ago(540))
    waiting = ChangeEvent.objects.count()
    assert prune_expired_records() == 0
    assert ChangeEvent.objects.filter(sequence__isnull=True).count() == waiting


@pytest.mark.parametrize("setting", ["LIAISON_WEBHOOK_DELIVERY_RETENTION_DAYS", "LIAISON_CHANGE_FEED_RETENTION_DAYS"])
def test_a_retention_below_one_day_is_refused_naming_the_setting(world: SmallWorld, setting: str) -> None:
    publish_changes()
    before = (WebhookDelivery.objects.count(), ChangeEvent.objects.count())
    with override_settings(**{setting: 0}), pytest.raises(RetentionMisconfigured, match=setting):
        prune_expired_records()
    assert (WebhookDelivery.objects.count(), ChangeEvent.objects.count()) == before
