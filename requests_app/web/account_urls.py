"""Sign up, sign in and out, password reset: Django's auth views with accessible forms."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from requests_app.web.forms.accounts import LoginForm, NewPasswordForm
from requests_app.web.views import accounts
from requests_app.web.views.password_reset import LimitedPasswordResetView

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
        LimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    path("", include("django.contrib.auth.urls")),
]
