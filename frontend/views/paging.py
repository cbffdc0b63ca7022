"""Long lists of people, split into pages that never fail on a bad page number."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 50


def page_of(request: HttpRequest, items: QuerySet[Any] | Sequence[Any], per_page: int = PER_PAGE) -> Page:
    """The page asked for in ?page=; garbage gives the first page and a number past the end the last."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
