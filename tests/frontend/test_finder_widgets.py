"""The finder's form fields, written in Python for speed, give the HTML Django's own widget templates give."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.test.html import parse_html

from directory.demo import DemoSummary
from frontend.forms.finder import FinderForm
from frontend.widgets import QuickRadioSelect, QuickSelect

pytestmark = pytest.mark.neo4j  # the demo directory's choices (it is projected when loaded)

DJANGOS_OWN = {QuickSelect: forms.Select, QuickRadioSelect: forms.RadioSelect}
# Each question with the scope it leaves checked.
QUESTIONS: list[tuple[dict[str, Any], str | None]] = [
    ({}, "neighbours"),  # the empty form, scope from its initial value
    ({"topic": "cryptocurrency-laundering", "scope": "country", "language": "ru"}, "country"),  # no country: an error
    ({"topic": "<script>", "scope": '"><b>', "country": "KZ"}, None),  # values that are no choice, escaped
]


def rendered(question: dict[str, Any], *, djangos: bool) -> dict[str, Any]:
    """Each quick field as the finder's templates render it: a select whole, the scope option by option."""
    form = FinderForm(question or None, initial={"scope": "neighbours"}, has_own_entry=False)
    if question:
        form.is_valid()
    html: dict[str, Any] = {}
    for name, field in form.fields.items():
        if djangos:
            field.widget.__class__ = DJANGOS_OWN[type(field.widget)]
        bound = form[name]
        if isinstance(field.widget, forms.RadioSelect):
            html[name] = [(parse_html(choice.tag()), parse_html(str(choice))) for choice in bound]
        else:
            html[name] = parse_html(str(bound))
    return html


@pytest.mark.parametrize(("question", "checked"), QUESTIONS, ids=["empty", "with an error", "hostile values"])
def test_the_quick_widgets_write_what_djangos_templates_write(
    demo: DemoSummary, question: dict[str, Any], checked: str | None
) -> None:
    quick, djangos = rendered(question, djangos=False), rendered(question, djangos=True)
    assert set(quick) == {"topic", "language", "scope", "country", "origin"}
    assert quick == djangos
    # and the scope's three radio buttons are there, the chosen one checked
    scope_inputs = [str(tag) for tag, _ in quick["scope"]]
    assert len(scope_inputs) == 3
    assert [tag for tag in scope_inputs if "checked" in tag] == [
        tag for tag in scope_inputs if f'value="{checked}"' in tag
    ]
    assert "<script>" not in "".join(str(html) for html in quick.values())
