"""``web/forms/widgets.Select`` writes the markup Django's ``Select`` templates write."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from requests_app.web.forms.browse import BrowseFilterForm
from requests_app.web.forms.campaigns import DeskFilterForm
from requests_app.web.forms.widgets import Select

CHOICES = [
    ("", "Any campaign"),
    ("a&b", 'Tom & "Jerry" <b>'),
    ("2026", "2026"),
    (7, 7),
    ("safe", mark_safe("<em>kept</em>")),
]
GROUPED = [("", "Any"), ("FOIA 2000", [("foia-s24", "s24 National security"), ("x", "<y>")])]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED, []])
@pytest.mark.parametrize("value", ["", "a&b", "2026", 7, None, "foia-s24", "missing"])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_x", "aria-describedby": "id_x_hint"},
        {"required": True, "disabled": False, "data-v": 'a"b<c>'},
    ],
)
def test_same_markup_as_django(choices, value, attrs):
    theirs = forms.Select(choices=choices).render("campaign", value, attrs=attrs)
    ours = Select(choices=choices).render("campaign", value, attrs=attrs)
    assert ours == theirs


def test_multiple_selected_is_django_too():
    class Multi(Select):
        allow_multiple_selected = True

    theirs = forms.SelectMultiple(choices=CHOICES).render("c", ["a&b", "2026"])
    ours = Multi(choices=CHOICES, attrs={"multiple": True}).render("c", ["a&b", "2026"])
    assert ours == theirs


@pytest.mark.django_db
def test_filter_forms_render_as_before(rf):
    """The two filter forms of long menus use it, bound and invalid alike (its ids, hints and
    ``aria-invalid`` from ``AccessibleFormMixin``)."""
    for form in (
        BrowseFilterForm({"campaign": "nope", "year": "1999"}, campaigns=[], exemptions=[]),
        DeskFilterForm({"exemption": "nope", "status": "overdue"}, exemptions=[]),
    ):
        form.is_valid()
        for name, field in form.fields.items():
            if isinstance(field.widget, forms.Select):
                assert type(field.widget) is Select, name
                bound = form[name]
                ours = str(bound)
                field.widget.__class__ = forms.Select
                assert ours == str(bound), name
                assert bound.widget_type == "select"
