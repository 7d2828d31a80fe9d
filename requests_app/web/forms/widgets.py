"""Widgets whose markup is written in Python rather than by Django's widget templates."""

from __future__ import annotations

from django import forms
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> SafeString:
    """``django/forms/widgets/attrs.html``: `` name="value"``, `` name`` for True, nothing
    for False."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class Select(forms.Select):
    """Django's ``Select`` with the same markup, made without a template per option.

    Django renders each ``<option>`` by including two templates (``select_option.html``,
    ``attrs.html``): about half a millisecond an option, and the request list's filters
    offer ~340 (200 campaigns, 72 exemptions), most of the time a search page took outside
    its SQL (issue 15). The class keeps its name so ``BoundField.widget_type`` stays
    "select". ``tests/web/test_select_widget.py`` compares the markup with Django's.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        _attrs(option["attrs"]),
                        localize(option["label"]),
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        # Django's renderer strips the template's output; an option's own template ends
        # with a newline, which stays.
        return mark_safe("".join(parts).strip())  # noqa: S308 - every part escaped by format_html
