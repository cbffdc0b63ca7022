"""What stewards see of keeping entries current: stale entries, unanswered requests, proposals and reports."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce

from directory.freshness import stale_cutoff
from directory.models import ConfirmationRequest, ContactFollowUp, Officer, ProposedChange
from directory.permissions import stewarded_officers
from directory.visibility import Viewer, visible_officers


def stale_entries(user: Viewer) -> QuerySet[Officer]:
    """The verified entries this user looks after that are stale, the longest unconfirmed first."""
    last = Coalesce("last_confirmed_at", "verified_at")
    return (
        stewarded_officers(user)
        .filter(verified_at__isnull=False)
        .annotate(last_sure=last)
        .filter(last_sure__lt=stale_cutoff())
        .order_by(F("last_sure").asc(), "pk")
    )


def unanswered_requests(user: Viewer) -> QuerySet[ConfirmationRequest]:
    """Confirmation requests to this user's entries still waiting for an answer, the oldest first."""
    officers = stewarded_officers(user).values("pk")
    return (
        ConfirmationRequest.objects.filter(officer__in=officers, answered_at__isnull=True)
        .select_related("officer__agency__country")
        .order_by("created_at", "pk")
    )


def pending_changes(user: Viewer) -> QuerySet[ProposedChange]:
    """Proposed changes to this user's entries waiting for a decision, proposal by proposal."""
    officers = stewarded_officers(user).values("pk")
    return (
        ProposedChange.objects.filter(proposal__officer__in=officers, decision=ProposedChange.Decision.PENDING)
        .select_related("proposal__officer__agency__country")
        .order_by("proposal__created_at", "proposal_id", "pk")
    )


def wrong_contact_reports(user: Viewer) -> QuerySet[ContactFollowUp]:
    """Reports of wrong contact details on this user's entries, not yet dealt with, the oldest first."""
    officers = stewarded_officers(user).values("pk")
    return (
        ContactFollowUp.objects.filter(
            officer__in=officers, answer=ContactFollowUp.Answer.WRONG_CONTACT, resolved_at__isnull=True
        )
        .select_related("officer__agency__country")
        .order_by("answered_at", "pk")
    )


def questions_for(user: Viewer) -> QuerySet[ContactFollowUp]:
    """'Did they answer?' questions waiting for this user, about officers they may still see, the oldest first."""
    if not getattr(user, "is_authenticated", False):
        return ContactFollowUp.objects.none()
    return (
        ContactFollowUp.objects.filter(viewer_id=user.pk, answered_at__isnull=True)
        .filter(officer__in=visible_officers(user).values("pk"))
        .select_related("officer")
        .order_by("asked_at", "pk")
    )
