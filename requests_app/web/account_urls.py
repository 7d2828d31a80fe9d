"""Sign up, sign in and out, password reset: Django's auth views with accessible forms."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from requests_app.web.forms.accounts import LoginForm, NewPasswordForm, ResetForm
from requests_app.web.views import accounts

urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=ResetForm),
        name="password_reset",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    path("", include("django.contrib.auth.urls")),
]
