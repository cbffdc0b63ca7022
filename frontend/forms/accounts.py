"""Signing in."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Username and password, with labels and messages in the page's language."""

    error_messages = {
        "invalid_login": _("That username and password do not match an account. Check both and try again."),
        "inactive": _("This account is switched off. Ask a steward to switch it back on."),
    }
