"""How counterparts are ranked: every factor with its points, in one place (docs/ranking.md says why).

The graph counts a fact per factor for each candidate (expertise levels, events in common, …); a candidate's
score is the sum of each fact times its factor's points, and each reason of an answer carries the points it
brought. Adding a factor is one entry here, its fact in the counterpart question, and its sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from directory.freshness import stale_cutoff
from directory.responsiveness import Responsiveness, figures_for_ranking
from graph.questions import Ranking
from graph.shapes import ReasonKind


@dataclass(frozen=True)
class Factor:
    """One thing the ranking counts: the reason kind that explains it and the points each unit of it brings."""

    kind: ReasonKind
    points: float
    counts: str


FACTORS: tuple[Factor, ...] = (
    # The fit to the topic matters most: a level of expertise outweighs any number of the lesser factors below
    # that a typical officer has (one or two workshops, a few acquaintances).
    Factor(ReasonKind.EXPERTISE, 10, "levels of expertise (1 working, 2 experienced, 3 expert) in the topic"),
    Factor(ReasonKind.SHARED_EVENT, 3, "events the asking officer attended too"),
    Factor(ReasonKind.MUTUAL_ACQUAINTANCE, 2, "acquaintances the two have in common"),
    # Trust: an entry no steward has checked, or that nobody confirmed lately, may be wrong. Together these cost
    # less than one level of expertise, so trust decides between equal fits and never buries a better expert.
    Factor(ReasonKind.UNVERIFIED, -5, "1 when no steward has verified the entry"),
    Factor(ReasonKind.STALE, -3, "1 when the entry was not confirmed within LIAISON_STALE_AFTER_DAYS days"),
    # Responsiveness, lightly: less than either mark above, so it decides between equal fits and buries no one.
    Factor(
        ReasonKind.UNANSWERED,
        -2,
        "the share of requests users said went unanswered in the last twelve months, once 3 users have said",
    ),
)

# Expertise in a narrower topic than the one asked about counts this share of its levels.
NARROWER_TOPIC_SHARE = 0.8


def current_ranking() -> Ranking:
    """The ranking as the graph question takes it, with today's stale cutoff and responsiveness figures."""
    # Figures from the database, exact to the moment (kept between questions while the answers stay the same:
    # directory/responsiveness.py), so nothing has to be projected into the graph or kept in step with it.
    figures = figures_for_ranking()
    return Ranking(
        points={factor.kind: factor.points for factor in FACTORS},
        narrower_topic_share=NARROWER_TOPIC_SHARE,
        stale_before=stale_cutoff().isoformat(),
        responses=_responses(figures),
    )


# The last figures made into responses, with them (the figures kept alive, so that their id is not reused).
_made: tuple[dict[str, Responsiveness], Mapping[str, tuple[int, int]]] | None = None


def _responses(figures: dict[str, Responsiveness]) -> Mapping[str, tuple[int, int]]:
    """The figures as the ranking takes them, unchangeable; the same ones again for the same figures, which
    figures_for_ranking gives back while the answers stay the same (2,117 officers' at 100,000 answers)."""
    global _made
    made = _made
    if made is not None and made[0] is figures:
        return made[1]
    responses = MappingProxyType({uuid: (figure.answered, figure.asked) for uuid, figure in figures.items()})
    _made = (figures, responses)  # one assignment: a thread sees the old pair or the new one whole
    return responses
