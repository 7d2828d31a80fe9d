from django import forms


class DateInput(forms.DateInput):
    """A native date picker: keyboard-usable and announced properly by screen readers."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": f"Enter the {label[0].lower()}{label[1:]}",
            "invalid": "Enter a real date, for example 2022-07-13",
        },
    )
