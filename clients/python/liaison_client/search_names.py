from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import SearchKind


class SearchNames(BaseModel):
    search_names: list["SearchNamesSearchNames"] = Field(alias="searchNames")


class SearchNamesSearchNames(BaseModel):
    uuid: str
    kind: SearchKind
    name: Optional[str]
    native_name: Optional[str] = Field(alias="nativeName")
    score: float


SearchNames.model_rebuild()
