from typing import Optional

from pydantic import Field

from .base_model import BaseModel


class Topics(BaseModel):
    topics: "TopicsTopics"


class TopicsTopics(BaseModel):
    page_info: "TopicsTopicsPageInfo" = Field(alias="pageInfo")
    edges: list["TopicsTopicsEdges"]


class TopicsTopicsPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


class TopicsTopicsEdges(BaseModel):
    node: "TopicsTopicsEdgesNode"


class TopicsTopicsEdgesNode(BaseModel):
    uuid: str
    slug: str
    name_en: str = Field(alias="nameEn")


Topics.model_rebuild()
TopicsTopics.model_rebuild()
TopicsTopicsEdges.model_rebuild()
