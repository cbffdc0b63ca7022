from typing import Any, Optional, Union

from .base_client import BaseClient
from .base_model import UNSET, UnsetType
from .changes import Changes
from .counterparts import Counterparts
from .enums import ChangeKind, SearchKind
from .partners_and_coverage import PartnersAndCoverage
from .search_names import SearchNames
from .topics import Topics
from .training_events import TrainingEvents


def gql(q: str) -> str:
    return q


class Client(BaseClient):
    def changes(
        self,
        after: Union[Optional[str], UnsetType] = UNSET,
        kinds: Union[Optional[list[ChangeKind]], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> Changes:
        query = gql("""
            query Changes($after: String, $kinds: [ChangeKind!]) {
              changes(after: $after, kinds: $kinds, first: 100) {
                endCursor
                hasMore
                changes {
                  cursor
                  sequence
                  at
                  recordKind
                  uuid
                  kind
                  type
                  fields
                }
              }
            }
            """)
        variables: dict[str, object] = {"after": after, "kinds": kinds}
        response = self.execute(
            query=query, operation_name="Changes", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Changes.model_validate(data)

    def topics(
        self, after: Union[Optional[str], UnsetType] = UNSET, **kwargs: Any
    ) -> Topics:
        query = gql("""
            query Topics($after: String) {
              topics(first: 100, after: $after) {
                pageInfo {
                  hasNextPage
                  endCursor
                }
                edges {
                  node {
                    uuid
                    slug
                    nameEn
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"after": after}
        response = self.execute(
            query=query, operation_name="Topics", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Topics.model_validate(data)

    def search_names(
        self,
        text: str,
        kinds: Union[Optional[list[SearchKind]], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> SearchNames:
        query = gql("""
            query SearchNames($text: String!, $kinds: [SearchKind!]) {
              searchNames(text: $text, kinds: $kinds, limit: 10) {
                uuid
                kind
                name
                nativeName
                score
              }
            }
            """)
        variables: dict[str, object] = {"text": text, "kinds": kinds}
        response = self.execute(
            query=query, operation_name="SearchNames", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return SearchNames.model_validate(data)

    def counterparts(
        self,
        topic: str,
        country: str,
        officer: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> Counterparts:
        query = gql("""
            query Counterparts($topic: ID!, $country: String!, $officer: ID) {
              counterparts(
                topic: $topic
                country: $country
                officer: $officer
                scope: NEIGHBOURS
                limit: 20
              ) {
                score
                countryCode
                officer {
                  uuid
                  nameLatin
                  nameNative
                  isDemo
                  agency {
                    nameEn
                  }
                }
                reasons {
                  kind
                  text
                }
              }
            }
            """)
        variables: dict[str, object] = {
            "topic": topic,
            "country": country,
            "officer": officer,
        }
        response = self.execute(
            query=query, operation_name="Counterparts", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Counterparts.model_validate(data)

    def training_events(
        self,
        topic: str,
        since: str,
        after: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> TrainingEvents:
        query = gql("""
            query TrainingEvents($topic: String!, $since: Date!, $after: String) {
              events(first: 50, after: $after, filters: {topic: $topic, onOrAfter: $since}) {
                pageInfo {
                  hasNextPage
                  endCursor
                }
                edges {
                  node {
                    title
                    startsOn
                    participations {
                      role
                      officer {
                        uuid
                        nameLatin
                        isDemo
                        agency {
                          nameEn
                          country {
                            code
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"topic": topic, "since": since, "after": after}
        response = self.execute(
            query=query, operation_name="TrainingEvents", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return TrainingEvents.model_validate(data)

    def partners_and_coverage(
        self,
        country: str,
        after: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> PartnersAndCoverage:
        query = gql("""
            query PartnersAndCoverage($country: String!, $after: String) {
              organisations(first: 100, after: $after) {
                pageInfo {
                  hasNextPage
                  endCursor
                }
                edges {
                  node {
                    uuid
                    nameEn
                    acronym
                    kind
                  }
                }
              }
              coverageGaps(countries: [$country]) {
                topic {
                  slug
                  nameEn
                }
                state
                partners {
                  uuid
                }
              }
            }
            """)
        variables: dict[str, object] = {"country": country, "after": after}
        response = self.execute(
            query=query,
            operation_name="PartnersAndCoverage",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return PartnersAndCoverage.model_validate(data)
