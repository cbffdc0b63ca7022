"""Signing in."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Username and password, with labels and messages in the page's language."""

    error_messages = {
        "invalid_login": _("That username and password do not match an account. Check both and try again."),
        "inactive": _("This account is switched off. Ask a steward to switch it back on."),
    }


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
