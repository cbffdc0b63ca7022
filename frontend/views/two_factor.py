"""The account's two-factor page: add an authenticator app, make new recovery codes, or remove both."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from directory.permissions import must_use_second_factor
from directory.services.two_factor import (
    check_second_factor,
    enrol_authenticator,
    new_authenticator_key,
    regenerate_recovery_codes,
    remove_second_factor,
    second_factor_state,
    unsaved_authenticator,
)
from frontend.forms.accounts import EnrolAuthenticatorForm, SecondFactorForm
from frontend.forms.steward import add_service_errors
from frontend.views.accounts import safe_next, with_next

# The secret being enrolled waits in the (server-side) session until the app proves it holds it.
ENROL_KEY = "liaison_enrol_key"


def qr_code_svg(address: str, title: str) -> SafeString:
    """The otpauth:// address as an inline SVG QR code, drawn on the server (no script, no outside service)."""
    # Imported here, not with the module: only enrolment draws a QR code, and segno costs every web process 3 MB.
    import segno

    svg = segno.make(address, error="m").svg_inline(scale=4, title=title, dark="#000", light="#fff")
    # segno escapes the title; role="img" lets screen readers announce the drawing by it.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308


def grouped_secret(key_hex: str) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    secret = base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def show_recovery_codes(request: HttpRequest, codes: list[str], next_page: str) -> HttpResponse:
    """The new recovery codes, shown this once (the page is not cached)."""
    response = render(request, "frontend/account/recovery_codes.html", {"codes": codes, "next": next_page})
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app, or see what is set up and change it."""
    user = request.user
    next_page = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    state = second_factor_state(user)
    if state.enrolled:
        if not user.is_verified():
            # A session that signed in with the password alone must prove the second factor before changing it.
            return redirect(with_next("sign_in_code", request.get_full_path()))
        context = {"state": state, "remove_form": SecondFactorForm(auto_id="remove_%s"), "next": next_page}
        return render(request, "frontend/account/two_factor.html", context)
    key = request.session.get(ENROL_KEY) or new_authenticator_key()
    request.session[ENROL_KEY] = key
    form = EnrolAuthenticatorForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            codes = enrol_authenticator(user, key, form.cleaned_data["code"])
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            request.session.pop(ENROL_KEY, None)
            otp_login(request, user.totpdevice_set.get(confirmed=True))
            messages.success(request, _("Two-factor sign-in is on. Sign-in now asks for a code after the password."))
            return show_recovery_codes(request, codes, next_page)
    device = unsaved_authenticator(user, key)
    context = {
        "form": form,
        "required": must_use_second_factor(user),
        "qr_code": qr_code_svg(device.config_url, _("QR code to scan with an authenticator app")),
        "secret": grouped_secret(key),
        "next": next_page,
    }
    return render(request, "frontend/account/enrol.html", context)


@login_required
@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes; the old ones stop working."""
    if not request.user.is_verified():
        return redirect(with_next("sign_in_code", reverse("two_factor")))
    try:
        codes = regenerate_recovery_codes(request.user)
    except ValidationError:
        return redirect("two_factor")
    messages.success(request, _("New recovery codes made; the old ones no longer work."))
    return show_recovery_codes(request, codes, safe_next(request, None))


@login_required
@require_POST
def remove_two_factor(request: HttpRequest) -> HttpResponse:
    """Remove the authenticator app and the recovery codes, after a current code proves it is the owner."""
    user = request.user
    if not user.is_verified():
        return redirect(with_next("sign_in_code", reverse("two_factor")))
    form = SecondFactorForm(request.POST, auto_id="remove_%s")
    if form.is_valid():
        try:
            check_second_factor(user, form.cleaned_data["code"])
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            remove_second_factor(user)
            messages.success(request, _("Two-factor sign-in is off. Sign-in asks for the password only."))
            return redirect("two_factor")
    context = {"state": second_factor_state(user), "remove_form": form, "next": safe_next(request, None)}
    return render(request, "frontend/account/two_factor.html", context, status=400)
