"""Writes for 'did they answer?': asking users who saw contact details, their answers, and stewards' follow-up."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.errors import field_error
from directory.models import ContactAccessLog, ContactFollowUp, FollowUpAnswersVersion, Officer, User
from directory.permissions import ensure_can_answer_follow_up, ensure_can_change

Answer = ContactFollowUp.Answer
# Look-ups worth asking about: a profile opened, or contacts read through GraphQL. Not a steward's queue, nor an
# officer checking their own entry through a confirmation link.
ASKED_ABOUT = ("page:officer profile", "graphql:")


def ask_due_follow_ups(now: datetime.datetime | None = None) -> int:
    """Queue the question for each look-up that is LIAISON_FOLLOW_UP_AFTER_DAYS old; how many were queued."""
    now = now or timezone.now()
    due_before = now - datetime.timedelta(days=settings.LIAISON_FOLLOW_UP_AFTER_DAYS)
    every = datetime.timedelta(days=settings.LIAISON_FOLLOW_UP_EVERY_DAYS)
    views = (
        ContactAccessLog.objects.filter(at__lte=due_before, at__gt=due_before - every, viewer__isnull=False)
        .exclude(viewer__role=User.Role.INTEGRATION)
        .values("viewer_id", "officer_uuid", "operation")
        .annotate(first=Min("at"))
    )
    firsts: dict[tuple[int, str], datetime.datetime] = {}
    for view in views:
        if not view["operation"].startswith(ASKED_ABOUT):
            continue
        key = (view["viewer_id"], str(view["officer_uuid"]))
        firsts[key] = min(view["first"], firsts.get(key, view["first"]))
    officers = {str(o.uuid): o for o in Officer.objects.filter(uuid__in={uuid for _, uuid in firsts})}
    viewers = {viewer for viewer, _ in firsts}
    accounts = dict(User.objects.filter(pk__in=viewers).values_list("pk", "officer_id"))
    asked_lately = set(
        ContactFollowUp.objects.filter(viewer_id__in=viewers, asked_at__gt=now - every).values_list(
            "viewer_id", "officer_id"
        )
    )
    new = []
    for (viewer_id, uuid), viewed_at in sorted(firsts.items(), key=lambda item: item[1]):
        officer = officers.get(uuid)
        if officer is None or accounts.get(viewer_id) == officer.pk or (viewer_id, officer.pk) in asked_lately:
            continue  # erased since, the viewer's own entry, or asked about lately
        new.append(ContactFollowUp(viewer_id=viewer_id, officer=officer, viewed_at=viewed_at))
    ContactFollowUp.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    queued = len(new)
    return queued


@transaction.atomic
def answer_follow_up(follow_up: ContactFollowUp, answer: str, *, by: User) -> ContactFollowUp:
    """Record whether the officer answered: yes, no, or the contact details were wrong (then their steward sees it)."""
    follow_up = ContactFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    ensure_can_answer_follow_up(by, follow_up.viewer_id)
    if answer not in Answer.values:
        raise field_error(
            "answer",
            _("Answer with one of: %(choices)s.") % {"choices": ", ".join(Answer.values)},
            code="invalid_choice",
        )
    if follow_up.answered_at is not None:
        raise field_error("answer", _("You answered this question already."), code="already_answered")
    follow_up.answer, follow_up.answered_at = answer, timezone.now()
    follow_up.save(update_fields=["answer", "answered_at"])
    return follow_up


@transaction.atomic
def resolve_wrong_contact(follow_up: ContactFollowUp, *, by: User) -> ContactFollowUp:
    """A steward has dealt with a report of wrong contact details (corrected the entry, or found it right)."""
    ensure_can_change(by, follow_up.officer)
    if follow_up.resolved_at is None:
        follow_up.resolved_at = timezone.now()
        follow_up.save(update_fields=["resolved_at"])
    return follow_up


def answers_changed() -> None:
    """Draw a new token for the answers the ranking counts, so that every process counts its figures again."""
    if not FollowUpAnswersVersion.objects.filter(pk=1).update(token=uuid4()):
        # The first change, or the first since the table was emptied; two at once: one inserts, both draw.
        FollowUpAnswersVersion.objects.bulk_create([FollowUpAnswersVersion(pk=1)], ignore_conflicts=True)
        FollowUpAnswersVersion.objects.filter(pk=1).update(token=uuid4())


def follow_up_saved(instance: ContactFollowUp, created: bool, update_fields: Any = None, **_: Any) -> None:
    """A saved answer changes the figures (a steward's resolution or a question not yet answered does not)."""
    if created and instance.answered_at is None:
        return
    if update_fields is not None and not {"answer", "answered_at"} & set(update_fields):
        return
    answers_changed()


def follow_ups_deleted(**_: Any) -> None:
    """An officer or a user deleted takes their follow-ups along, without a signal of their own."""
    answers_changed()
