from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import CoverageState, OrganisationKind


class PartnersAndCoverage(BaseModel):
    organisations: "PartnersAndCoverageOrganisations"
    coverage_gaps: list["PartnersAndCoverageCoverageGaps"] = Field(alias="coverageGaps")


class PartnersAndCoverageOrganisations(BaseModel):
    page_info: "PartnersAndCoverageOrganisationsPageInfo" = Field(alias="pageInfo")
    edges: list["PartnersAndCoverageOrganisationsEdges"]


class PartnersAndCoverageOrganisationsPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


class PartnersAndCoverageOrganisationsEdges(BaseModel):
    node: "PartnersAndCoverageOrganisationsEdgesNode"


class PartnersAndCoverageOrganisationsEdgesNode(BaseModel):
    uuid: str
    name_en: str = Field(alias="nameEn")
    acronym: str
    kind: OrganisationKind


class PartnersAndCoverageCoverageGaps(BaseModel):
    topic: "PartnersAndCoverageCoverageGapsTopic"
    state: CoverageState
    partners: list["PartnersAndCoverageCoverageGapsPartners"]


class PartnersAndCoverageCoverageGapsTopic(BaseModel):
    slug: str
    name_en: str = Field(alias="nameEn")


class PartnersAndCoverageCoverageGapsPartners(BaseModel):
    uuid: str


PartnersAndCoverage.model_rebuild()
PartnersAndCoverageOrganisations.model_rebuild()
PartnersAndCoverageOrganisationsEdges.model_rebuild()
PartnersAndCoverageCoverageGaps.model_rebuild()
