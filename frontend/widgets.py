"""A select box rendered in Python: the same HTML as Django's templates give, without a template per option."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class QuickSelect(forms.Select):
    """Django's Select, whose template includes another template for every option (about 0.15 ms each).

    The finder's select boxes hold some 50 options on the home page, the most visited page; rendering them through
    templates cost more than its graph question. Attributes follow the templates' rules: True gives a bare
    attribute, False and None leave it out (`flatatt`), and every value is escaped (`format_html`).
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        """The <select> with its options, as Django's select.html and select_option.html would write it."""
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((str(option["value"]), flatatt(option["attrs"]), option["label"]) for option in options),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered) if group_name else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((g,) for g in groups)),
        )


class QuickRadioSelect(forms.RadioSelect):
    """Django's RadioSelect, whose every option's <input> goes through three templates (option, input, attributes).

    The finder's three scopes took about 2 ms of its page that way. A page that loops over the choices asks each
    for its `tag`, which renders the option template: that one is written here in Python, with the same HTML and the
    same attribute rules as QuickSelect; the widget's own template, if a page renders it whole, stays Django's.
    """

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        """One option as input_option.html writes it; anything else through its template."""
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        value = "" if widget["value"] is None else format_html(' value="{}"', str(widget["value"]))
        radio = format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value, flatatt(widget["attrs"])
        )
        if not widget.get("wrap_label"):
            return radio
        label_for = format_html(' for="{}"', widget["attrs"]["id"]) if widget["attrs"].get("id") else ""
        return format_html("<label{}>{} {}</label>", label_for, radio, widget["label"])
