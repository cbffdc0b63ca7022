"""Idempotency keys: claim a key for one attempt, keep the answer with the write, replay it, forget it in time."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from directory.models import IdempotentRequest, User


class Verdict(Enum):
    """What to do with a request that carries a key."""

    RUN = "run"  # first time (or the first attempt died before saving anything): run it
    REPLAY = "replay"  # answered before: send that answer again, write nothing
    REUSED = "reused"  # the key was used for another request
    IN_PROGRESS = "in_progress"  # the first attempt is still running


@dataclass(frozen=True)
class Decision:
    """The verdict, with the claim to run under or the answer to replay."""

    verdict: Verdict
    claim: IdempotentRequest | None = None


class LostClaim(Exception):
    """Another attempt took the key over (this one outlived its lease): this one must not save anything."""


def _keep_for() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.LIAISON_IDEMPOTENCY_KEEP_HOURS)


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.LIAISON_IDEMPOTENCY_LEASE_SECONDS)


def claim_key(*, user: User, caller: str, key: str, fingerprint: str) -> Decision:
    """Decide what a request with this key gets; claim the key when it is to run (committed at once)."""
    for _ in range(3):  # the row may change under us (released, expired, taken over): look again
        now = timezone.now()
        try:
            with transaction.atomic():
                claim = IdempotentRequest.objects.create(
                    user=user,
                    caller=caller,
                    key=key,
                    fingerprint=fingerprint,
                    claim=uuid.uuid4(),
                    started_at=now,
                    lease_until=now + _lease(),
                    expires_at=now + _keep_for(),
                )
            return Decision(Verdict.RUN, claim)
        except IntegrityError:
            pass
        existing = IdempotentRequest.objects.filter(caller=caller, key=key).first()
        if existing is None:
            continue
        if existing.expires_at <= now:
            IdempotentRequest.objects.filter(pk=existing.pk, expires_at__lte=now).delete()
            continue
        if existing.fingerprint != fingerprint:
            return Decision(Verdict.REUSED, existing)
        if existing.completed_at is not None:
            return Decision(Verdict.REPLAY, existing)
        if existing.lease_until > now:
            return Decision(Verdict.IN_PROGRESS, existing)
        # The first attempt's lease ran out with nothing saved: its process died before committing. Take it over.
        new_claim = uuid.uuid4()
        taken = IdempotentRequest.objects.filter(
            pk=existing.pk, claim=existing.claim, completed_at__isnull=True
        ).update(claim=new_claim, started_at=now, lease_until=now + _lease())
        if taken:
            existing.claim, existing.started_at, existing.lease_until = new_claim, now, now + _lease()
            return Decision(Verdict.RUN, existing)
    return Decision(Verdict.IN_PROGRESS, None)


def keep_answer(claim: IdempotentRequest, *, status: int, body: str) -> None:
    """Save the answer under the claim; call it inside the write's own transaction, so both commit or neither."""
    now = timezone.now()
    saved = IdempotentRequest.objects.filter(pk=claim.pk, claim=claim.claim, completed_at__isnull=True).update(
        completed_at=now, response_status=status, response_body=body, expires_at=now + _keep_for()
    )
    if saved != 1:
        raise LostClaim


def release_key(claim: IdempotentRequest) -> None:
    """Give the key back after an attempt that saved nothing, so that a retry runs at once."""
    IdempotentRequest.objects.filter(pk=claim.pk, claim=claim.claim, completed_at__isnull=True).delete()


def prune_expired_answers() -> int:
    """Forget the keys kept longer than LIAISON_IDEMPOTENCY_KEEP_HOURS (a periodic job); how many."""
    now = timezone.now()
    expired = Q(expires_at__lte=now) & (Q(completed_at__isnull=False) | Q(lease_until__lte=now))
    deleted, _ = IdempotentRequest.objects.filter(expired).delete()
    return deleted


def forget_answers_mentioning(values: list[str]) -> int:
    """Drop kept answers that quote any of these values (erasure: an answer may hold a person's name)."""
    if not values:
        return 0
    query = Q()
    for value in values:
        # Answers are JSON: a name in Cyrillic is kept as \\u escapes, so look for both spellings.
        query |= Q(response_body__icontains=value) | Q(response_body__icontains=json.dumps(value)[1:-1])
    deleted, _ = IdempotentRequest.objects.filter(query).delete()
    return deleted
