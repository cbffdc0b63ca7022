from .base_client import BaseClient
from .base_model import BaseModel, Upload
from .changes import Changes, ChangesChanges, ChangesChangesChanges
from .client import Client
from .counterparts import (
    Counterparts,
    CounterpartsCounterparts,
    CounterpartsCounterpartsOfficer,
    CounterpartsCounterpartsOfficerAgency,
    CounterpartsCounterpartsReasons,
)
from .enums import ChangeKind, CoverageState, ReasonKind, SearchKind
from .exceptions import (
    GraphQLClientError,
    GraphQLClientGraphQLError,
    GraphQLClientGraphQLMultiError,
    GraphQLClientHttpError,
    GraphQLClientInvalidResponseError,
)
from .partners_and_coverage import (
    PartnersAndCoverage,
    PartnersAndCoverageCoverageGaps,
    PartnersAndCoverageCoverageGapsPartners,
    PartnersAndCoverageCoverageGapsTopic,
    PartnersAndCoverageOrganisations,
    PartnersAndCoverageOrganisationsEdges,
    PartnersAndCoverageOrganisationsEdgesNode,
    PartnersAndCoverageOrganisationsPageInfo,
)
from .search_names import SearchNames, SearchNamesSearchNames
from .topics import (
    Topics,
    TopicsTopics,
    TopicsTopicsEdges,
    TopicsTopicsEdgesNode,
    TopicsTopicsPageInfo,
)
from .training_events import (
    TrainingEvents,
    TrainingEventsEvents,
    TrainingEventsEventsEdges,
    TrainingEventsEventsEdgesNode,
    TrainingEventsEventsEdgesNodeParticipations,
    TrainingEventsEventsEdgesNodeParticipationsOfficer,
    TrainingEventsEventsEdgesNodeParticipationsOfficerAgency,
    TrainingEventsEventsEdgesNodeParticipationsOfficerAgencyCountry,
    TrainingEventsEventsEdgesNodeTopics,
    TrainingEventsEventsPageInfo,
)

__all__ = [
    "BaseClient",
    "BaseModel",
    "ChangeKind",
    "Changes",
    "ChangesChanges",
    "ChangesChangesChanges",
    "Client",
    "Counterparts",
    "CounterpartsCounterparts",
    "CounterpartsCounterpartsOfficer",
    "CounterpartsCounterpartsOfficerAgency",
    "CounterpartsCounterpartsReasons",
    "CoverageState",
    "GraphQLClientError",
    "GraphQLClientGraphQLError",
    "GraphQLClientGraphQLMultiError",
    "GraphQLClientHttpError",
    "GraphQLClientInvalidResponseError",
    "PartnersAndCoverage",
    "PartnersAndCoverageCoverageGaps",
    "PartnersAndCoverageCoverageGapsPartners",
    "PartnersAndCoverageCoverageGapsTopic",
    "PartnersAndCoverageOrganisations",
    "PartnersAndCoverageOrganisationsEdges",
    "PartnersAndCoverageOrganisationsEdgesNode",
    "PartnersAndCoverageOrganisationsPageInfo",
    "ReasonKind",
    "SearchKind",
    "SearchNames",
    "SearchNamesSearchNames",
    "Topics",
    "TopicsTopics",
    "TopicsTopicsEdges",
    "TopicsTopicsEdgesNode",
    "TopicsTopicsPageInfo",
    "TrainingEvents",
    "TrainingEventsEvents",
    "TrainingEventsEventsEdges",
    "TrainingEventsEventsEdgesNode",
    "TrainingEventsEventsEdgesNodeParticipations",
    "TrainingEventsEventsEdgesNodeParticipationsOfficer",
    "TrainingEventsEventsEdgesNodeParticipationsOfficerAgency",
    "TrainingEventsEventsEdgesNodeParticipationsOfficerAgencyCountry",
    "TrainingEventsEventsEdgesNodeTopics",
    "TrainingEventsEventsPageInfo",
    "Upload",
]
