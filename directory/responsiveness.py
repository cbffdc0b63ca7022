"""How responsive an officer has been: of the users who looked them up and said, how many got an answer.

The ranking of graph answers may use it lightly through `ranking_factor`: a factor between 0.9 and 1.0, applied
only once at least MIN_ANSWERS users have said, so that one unlucky request does not bury an officer.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from directory.models import ContactFollowUp, Officer

Answer = ContactFollowUp.Answer
# "This year": the last twelve months, so the figure does not reset every January.
WINDOW = datetime.timedelta(days=365)
MIN_ANSWERS = 3
# The most the ranking lowers an officer who never answers: a tie-breaker, not a verdict.
LARGEST_PENALTY = 0.1


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


def ranking_factor(figure: Responsiveness) -> float:
    """A multiplier for a ranking score: 1.0 until MIN_ANSWERS users have said, then 0.9 (never) to 1.0 (always)."""
    if figure.asked < MIN_ANSWERS:
        return 1.0
    return 1.0 - LARGEST_PENALTY * (1 - figure.answered / figure.asked)
