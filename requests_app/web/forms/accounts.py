from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    UserCreationForm,
)

from requests_app.web.forms.base import AccessibleFormMixin


class SignUpForm(AccessibleFormMixin, UserCreationForm):
    email = forms.EmailField(
        help_text="We send deadline reminders and password reset links here.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists.")
        return email


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    pass


class ResetForm(AccessibleFormMixin, PasswordResetForm):
    pass


class NewPasswordForm(AccessibleFormMixin, SetPasswordForm):
    pass


class ChangePasswordForm(AccessibleFormMixin, PasswordChangeForm):
    pass
