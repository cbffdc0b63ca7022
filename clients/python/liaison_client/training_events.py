from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import ParticipationRole


class TrainingEvents(BaseModel):
    events: "TrainingEventsEvents"


class TrainingEventsEvents(BaseModel):
    page_info: "TrainingEventsEventsPageInfo" = Field(alias="pageInfo")
    edges: list["TrainingEventsEventsEdges"]


class TrainingEventsEventsPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


class TrainingEventsEventsEdges(BaseModel):
    node: "TrainingEventsEventsEdgesNode"


class TrainingEventsEventsEdgesNode(BaseModel):
    title: str
    starts_on: str = Field(alias="startsOn")
    participations: list["TrainingEventsEventsEdgesNodeParticipations"]


class TrainingEventsEventsEdgesNodeParticipations(BaseModel):
    role: ParticipationRole
    officer: "TrainingEventsEventsEdgesNodeParticipationsOfficer"


class TrainingEventsEventsEdgesNodeParticipationsOfficer(BaseModel):
    uuid: str
    name_latin: str = Field(alias="nameLatin")
    is_demo: bool = Field(alias="isDemo")
    agency: "TrainingEventsEventsEdgesNodeParticipationsOfficerAgency"


class TrainingEventsEventsEdgesNodeParticipationsOfficerAgency(BaseModel):
    name_en: str = Field(alias="nameEn")
    country: "TrainingEventsEventsEdgesNodeParticipationsOfficerAgencyCountry"


class TrainingEventsEventsEdgesNodeParticipationsOfficerAgencyCountry(BaseModel):
    code: str


TrainingEvents.model_rebuild()
TrainingEventsEvents.model_rebuild()
TrainingEventsEventsEdges.model_rebuild()
TrainingEventsEventsEdgesNode.model_rebuild()
TrainingEventsEventsEdgesNodeParticipations.model_rebuild()
TrainingEventsEventsEdgesNodeParticipationsOfficer.model_rebuild()
TrainingEventsEventsEdgesNodeParticipationsOfficerAgency.model_rebuild()
