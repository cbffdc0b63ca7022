"""How responsive an officer has been: of the users who looked them up and said, how many got an answer.

The ranking of graph answers uses it lightly (answers/ranking.py, factor UNANSWERED): only once at least
MIN_ANSWERS users have said, so that one unlucky request does not bury an officer nor one user decide alone.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Min, OuterRef, Q, Subquery
from django.utils import timezone

from directory.models import ContactFollowUp, FollowUpAnswersVersion, Officer
from directory.models.keyed_reads import KeyedRead

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
    """By officer uuid, the figures of officers MIN_ANSWERS users said about who left some unanswered.

    Asked with every counterpart question, so kept between questions while nothing they count can have changed:
    the answers' token is the same and no counted answer has left the twelve months (one small query). Counted
    again each time, the figures cost 52-166 ms a question with 100,000 answers (bench/RESULTS.md)."""
    global _kept
    now = now or timezone.now()
    # The token first: an answer committed while the figures are counted then only makes the next question count.
    version = _ANSWERS_VERSION.get(1)
    token = version.token if version is not None else None
    kept = _kept
    if kept is not None and kept.token == token and kept.since <= now < kept.until:
        return kept.figures
    figures, until = _counted_figures(now)
    # One assignment, so a thread never sees half of it; two threads counting at once each keep a right answer.
    _kept = _Kept(token, now, until, figures)
    return figures


@dataclass(frozen=True)
class _Kept:
    """Figures counted at `since` with the answers of `token`, right until `until` (when an answer leaves them)."""

    token: uuid.UUID | None
    since: datetime.datetime
    until: datetime.datetime
    figures: dict[str, Responsiveness]


# This process's last figures.
_kept: _Kept | None = None
# The answers' one version row, read with every counterpart question.
_ANSWERS_VERSION = KeyedRead(FollowUpAnswersVersion, "id")
# No counted answer: no moment when one leaves the window.
_NEVER = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _counted_figures(now: datetime.datetime) -> tuple[dict[str, Responsiveness], datetime.datetime]:
    """The figures in one query, and the moment the first answer they count leaves the twelve months."""
    rows = (
        # Grouped by the follow-ups' own column: grouped by the officer's uuid, SQLite read every officer in uuid
        # order and looked up their follow-ups, 8-10 ms a counterpart question at 100,000 officers with none.
        ContactFollowUp.objects.filter(answered_at__gte=now - WINDOW, answer__in=[Answer.ANSWERED, Answer.NO_ANSWER])
        .values("officer_id")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(answer=Answer.ANSWERED)),
            users=Count("viewer", distinct=True),
            earliest=Min("answered_at"),
        )
        # An officer who answered every request costs nothing: leaving them out keeps the map small.
        .filter(users__gte=MIN_ANSWERS, answered__lt=F("asked"))
        .annotate(uuid=Subquery(Officer.objects.filter(pk=OuterRef("officer_id")).values("uuid")))
    )
    figures, until = {}, _NEVER
    for row in rows:
        figures[str(row["uuid"])] = Responsiveness(row["answered"], row["asked"])
        # Only an officer in the figures can change them by losing an answer: one left out has fewer than
        # MIN_ANSWERS users, or only yeses, and losing answers keeps it so.
        until = min(until, row["earliest"] + WINDOW)
    return figures, until
