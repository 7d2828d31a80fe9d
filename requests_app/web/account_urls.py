"""Your account page, sign up, sign in and out, password change and reset: Django's auth views
with accessible forms, in the site's own templates (not the admin's)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from requests_app.web.forms.accounts import ChangePasswordForm, LoginForm, NewPasswordForm
from requests_app.web.views import accounts
from requests_app.web.views.password_reset import LimitedPasswordResetView

urlpatterns = [
    path("", accounts.account, name="account"),
    path("signup/", accounts.signup, name="signup"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(form_class=ChangePasswordForm),
        name="password_change",
    ),
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
