"""Likely duplicates: two entries of one country that may be one person, how sure, and why."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import strawberry

from api.types.enums import schema_enum
from api.types.people import OfficerType
from directory.duplicates import EVIDENCE

if TYPE_CHECKING:
    DuplicateEvidence = enum.Enum
else:
    # The finder's kinds of evidence, as the schema names them (to a type checker, an Enum).
    DuplicateEvidence = schema_enum(
        "DuplicateEvidence",
        {evidence.code.upper(): evidence.code for evidence in EVIDENCE},
        "A reason beyond the names to think two entries are one person.",
    )


@strawberry.type(name="LikelyDuplicate")
class LikelyDuplicateType:
    """Two entries of one country that may be one person; merge them (mergeOfficers) or leave them."""

    first: OfficerType
    second: OfficerType
    confidence: int
    name_score: int
    evidence: list[DuplicateEvidence]
