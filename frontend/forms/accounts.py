"""Signing in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from directory.permissions import may_hold_session


class SignInForm(AuthenticationForm):
    """Username and password, with labels and messages in the page's language."""

    error_messages = {
        "invalid_login": _("That username and password do not match an account. Check both and try again."),
        "inactive": _("This account is switched off. Ask a steward to switch it back on."),
        "token_only": _(
            "This is an integration account: it cannot sign in, and acts only through API tokens. "
            "Sign in with a personal account."
        ),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        """Refuse accounts switched off, and integrations even if a password was somehow set."""
        super().confirm_login_allowed(user)
        if not may_hold_session(user):
            raise ValidationError(self.error_messages["token_only"], code="token_only")


class SecondFactorForm(forms.Form):
    """The second step of sign-in: a code from the authenticator app, or one recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("The 6 digits your authenticator app shows for Liaison, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class EnrolAuthenticatorForm(forms.Form):
    """Confirming a newly added authenticator app by the code it shows."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        help_text=_("After adding Liaison to the app, enter the 6 digits it shows now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
