from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import ChangeKind


class Changes(BaseModel):
    changes: "ChangesChanges"


class ChangesChanges(BaseModel):
    end_cursor: Optional[str] = Field(alias="endCursor")
    has_more: bool = Field(alias="hasMore")
    changes: list["ChangesChangesChanges"]


class ChangesChangesChanges(BaseModel):
    cursor: str
    sequence: int
    at: str
    record_kind: str = Field(alias="recordKind")
    uuid: str
    kind: ChangeKind
    type_: str = Field(alias="type")
    fields: list[str]


Changes.model_rebuild()
ChangesChanges.model_rebuild()
