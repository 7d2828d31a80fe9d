from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from requests_app.services.api_tokens import api_token_create, api_token_revoke
from requests_app.web.forms.accounts import SignUpForm


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("web:home")
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """Your account: reminder settings, calendar feed, password, API token.

    A new token's key is shown once, in the response to the POST that made it (never
    redirected to, cached or shown again), like GitHub's and GitLab's personal tokens.
    """
    new_key = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create-token":
            new_key = api_token_create(user=request.user).key
        elif action == "revoke-token":
            if api_token_revoke(user=request.user):
                messages.success(request, "Your API token is revoked: it no longer works.")
            return redirect("account")
        else:
            return HttpResponseBadRequest("Unknown action")
    user = cast(User, request.user)  # login_required
    token = Token.objects.filter(user=user).first()
    response = render(
        request,
        "registration/account.html",
        {"token": token, "new_key": new_key, "nav": "account"},
    )
    if new_key:
        add_never_cache_headers(response)
    return response
