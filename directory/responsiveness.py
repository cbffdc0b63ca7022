"""How responsive an officer has been: of the users who looked them up and said, how many got an answer.

The ranking of graph answers uses it lightly (answers/ranking.py, factor UNANSWERED): only once at least
MIN_ANSWERS users have said, so that one unlucky request does not bury an officer nor one user decide alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from directory.models import ContactFollowUp, Officer

Answer = ContactFollowUp.Answer
# "This year": the last twelve months, so the figure does not reset every January.
WINDOW = datetime.timedelta(days=365)
# How many different users must have said before the ranking counts the figure.
MIN_ANSWERS = 3


@dataclass(frozen=True)
class Responsiveness:
    """Of `asked` users who said whether the officer answered within the window, `answered` said yes."""

    answered: int
    asked: int

    @property
    def known(self) -> bool:
        """Whether anyone has said yet."""
        return self.asked > 0


def responsiveness_by_officer(
    officer_ids: Iterable[int], now: datetime.datetime | None = None
) -> dict[int, Responsiveness]:
    """Each officer's figure over the last twelve months, in one query ('wrong contact' counts against the entry,
    not the officer, so it is left out)."""
    since = (now or timezone.now()) - WINDOW
    rows = (
        ContactFollowUp.objects.filter(
            officer_id__in=list(officer_ids),
            answered_at__gte=since,
            answer__in=[Answer.ANSWERED, Answer.NO_ANSWER],
        )
        .values("officer_id")
        .annotate(asked=Count("pk"), answered=Count("pk", filter=Q(answer=Answer.ANSWERED)))
    )
    return {row["officer_id"]: Responsiveness(row["answered"], row["asked"]) for row in rows}


def responsiveness(officer: Officer, now: datetime.datetime | None = None) -> Responsiveness:
    """One officer's figure over the last twelve months."""
    return responsiveness_by_officer([officer.pk], now).get(officer.pk, Responsiveness(0, 0))


def figures_for_ranking(now: datetime.datetime | None = None) -> dict[str, Responsiveness]:
    """By officer uuid, in one query, the figures of officers MIN_ANSWERS users said about who left some unanswered."""
    since = (now or timezone.now()) - WINDOW
    rows = (
        # Grouped by the follow-ups' own column: grouped by the officer's uuid, SQLite read every officer in uuid
        # order and looked up their follow-ups, 8-10 ms a counterpart question at 100,000 officers with none.
        ContactFollowUp.objects.filter(answered_at__gte=since, answer__in=[Answer.ANSWERED, Answer.NO_ANSWER])
        .values("officer_id")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(answer=Answer.ANSWERED)),
            users=Count("viewer", distinct=True),
        )
        # An officer who answered every request costs nothing: leaving them out keeps the map small.
        .filter(users__gte=MIN_ANSWERS, answered__lt=F("asked"))
        .annotate(uuid=Subquery(Officer.objects.filter(pk=OuterRef("officer_id")).values("uuid")))
    )
    return {str(row["uuid"]): Responsiveness(row["answered"], row["asked"]) for row in rows}
