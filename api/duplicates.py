"""The duplicate finder for the API: the viewer's right to the country, the arguments checked, typed pairs."""

from __future__ import annotations

from typing import cast

from strawberry import Info

from api.answer_records import loading_selected
from api.limits import MAX_PAGE_SIZE
from api.permissions import require_signed_in
from api.types.duplicates import DuplicateEvidence, LikelyDuplicateType
from api.types.people import OfficerType
from directory.duplicates import likely_duplicates
from directory.errors import field_error
from directory.models import Country
from directory.permissions import duplicate_country_of, ensure_can_see_duplicates


def likely_duplicate_pairs(info: Info, *, country: str | None, limit: int) -> list[LikelyDuplicateType]:
    """The likely pairs of one country (a steward's own when omitted), or of every country, surest first."""
    user = require_signed_in(info)
    if not 0 <= limit <= MAX_PAGE_SIZE:  # the document limits refuse it first; a direct call still checks
        raise field_error("limit", f"Ask for 0 to {MAX_PAGE_SIZE} pairs, not {limit}.", code="invalid_argument")
    chosen: Country | None = None
    if country is not None:
        chosen = Country.objects.filter(code=country.strip().upper()[:3]).first()
        if chosen is None:
            raise field_error(
                "country",
                f"No country has the code '{country[:10]}'; use an ISO code such as KZ.",
                code="unknown_country",
            )
    elif (own := duplicate_country_of(user)) is not None:
        chosen = Country.objects.filter(pk=own).first()
    ensure_can_see_duplicates(user, chosen)
    if chosen is None:
        # One country at a time: every country at once costs too much in a large directory.
        raise field_error(
            "country", "Name the country whose entries to pair, by its ISO code such as KZ.", code="required"
        )
    pairs = likely_duplicates(user, country_id=chosen.pk, limit=limit, refine=loading_selected(info, "first", "second"))
    return [
        LikelyDuplicateType(
            first=cast(OfficerType, pair.first),
            second=cast(OfficerType, pair.second),
            confidence=pair.confidence,
            name_score=pair.name_score,
            evidence=[DuplicateEvidence(evidence.code) for evidence in pair.evidence],
        )
        for pair in pairs
    ]
