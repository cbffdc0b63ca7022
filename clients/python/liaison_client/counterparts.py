from pydantic import Field

from .base_model import BaseModel
from .enums import ReasonKind


class Counterparts(BaseModel):
    counterparts: list["CounterpartsCounterparts"]


class CounterpartsCounterparts(BaseModel):
    score: float
    country_code: str = Field(alias="countryCode")
    officer: "CounterpartsCounterpartsOfficer"
    reasons: list["CounterpartsCounterpartsReasons"]


class CounterpartsCounterpartsOfficer(BaseModel):
    uuid: str
    name_latin: str = Field(alias="nameLatin")
    name_native: str = Field(alias="nameNative")
    is_demo: bool = Field(alias="isDemo")
    agency: "CounterpartsCounterpartsOfficerAgency"


class CounterpartsCounterpartsOfficerAgency(BaseModel):
    name_en: str = Field(alias="nameEn")


class CounterpartsCounterpartsReasons(BaseModel):
    kind: ReasonKind
    text: str


Counterparts.model_rebuild()
CounterpartsCounterparts.model_rebuild()
CounterpartsCounterpartsOfficer.model_rebuild()
