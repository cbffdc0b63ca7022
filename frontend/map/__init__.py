"""The map of Central Asia and its neighbours, projected at build time (frontend/assets/build_map.mjs), read once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REGION_FILE = Path(__file__).with_name("region.json")

# Names of every country the map shows, for those the directory does not hold (the directory's own names win).
NAMES: dict[str, Promise] = {
    "AF": _("Afghanistan"),
    "AM": _("Armenia"),
    "AZ": _("Azerbaijan"),
    "BD": _("Bangladesh"),
    "BT": _("Bhutan"),
    "CN": _("China"),
    "GE": _("Georgia"),
    "IN": _("India"),
    "IQ": _("Iraq"),
    "IR": _("Iran"),
    "KG": _("Kyrgyzstan"),
    "KW": _("Kuwait"),
    "KZ": _("Kazakhstan"),
    "MN": _("Mongolia"),
    "NP": _("Nepal"),
    "PK": _("Pakistan"),
    "RU": _("Russia"),
    "SA": _("Saudi Arabia"),
    "SY": _("Syria"),
    "TJ": _("Tajikistan"),
    "TM": _("Turkmenistan"),
    "TR": _("Türkiye"),
    "UA": _("Ukraine"),
    "UZ": _("Uzbekistan"),
}
# Areas Natural Earth gives no ISO code, by the name it gives them.
OTHER_NAMES: dict[str, Promise] = {"Siachen Glacier": _("Siachen Glacier")}


@dataclass(frozen=True)
class Shape:
    """One country (or disputed area) as drawn: its SVG outline and where its name sits."""

    code: str
    path: str
    label_x: int
    label_y: int


@dataclass(frozen=True)
class RegionMap:
    """The projected region: the view box and the shapes, by ISO alpha-2 code."""

    view_box: str
    width: int
    height: int
    source: str
    shapes: dict[str, Shape]
    others: list[tuple[str, str]]


@cache
def region_map() -> RegionMap:
    """The map, read from region.json the first time it is needed."""
    data = json.loads(REGION_FILE.read_text(encoding="utf-8"))
    shapes = {code: Shape(code, item["path"], *item["label"]) for code, item in sorted(data["countries"].items())}
    return RegionMap(
        view_box=data["viewBox"],
        width=data["width"],
        height=data["height"],
        source=data["source"],
        shapes=shapes,
        others=[(other["name"], other["path"]) for other in data["others"]],
    )


def map_name(code: str) -> str:
    """A country on the map that is not in the directory, named in the page's language."""
    return str(NAMES.get(code, code))


def other_name(name: str) -> str:
    """An area without an ISO code, named in the page's language when known."""
    return str(OTHER_NAMES.get(name, name))
