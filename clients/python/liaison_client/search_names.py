from typing import Optional

from pydantic import Field

from .base_model import BaseModel


class SearchNames(BaseModel):
    search_names: list["SearchNamesSearchNames"] = Field(alias="searchNames")


class SearchNamesSearchNames(BaseModel):
    uuid: str
    kind: str
    name: Optional[str]
    native_name: Optional[str] = Field(alias="nativeName")
    score: float


SearchNames.model_rebuild()
