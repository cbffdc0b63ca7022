"""Two-factor sign-in: enrolling an authenticator app, recovery codes, checking a code, and removing them."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from directory.errors import field_error
from directory.models import User

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


@dataclass(frozen=True)
class SecondFactorState:
    """What a user has set up: an authenticator app, and how many unused recovery codes."""

    has_authenticator: bool
    recovery_codes_left: int

    @property
    def enrolled(self) -> bool:
        """Whether sign-in asks this user for a code."""
        return self.has_authenticator or self.recovery_codes_left > 0


def second_factor_state(user: User) -> SecondFactorState:
    """The user's confirmed devices, summed up."""
    return SecondFactorState(
        has_authenticator=TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        recovery_codes_left=StaticToken.objects.filter(device__user=user, device__confirmed=True).count(),
    )


def new_authenticator_key() -> str:
    """A fresh random TOTP secret (hex, as django-otp stores it)."""
    return default_key()


def unsaved_authenticator(user: User, key: str) -> TOTPDevice:
    """The authenticator device this key would make, unsaved: it gives the otpauth:// address for the QR code."""
    return TOTPDevice(user=user, key=key, name=AUTHENTICATOR_NAME)


def _normalised(code: str) -> str:
    # People copy codes with spaces or dashes; neither is part of a code.
    return "".join(code.split()).replace("-", "").lower()


def _replace_recovery_codes(user: User) -> list[str]:
    # The same device keeps its id, so a session verified by a recovery code stays verified.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first() or StaticDevice(user=user)
    device.name, device.confirmed = RECOVERY_CODES_NAME, True
    device.save()
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def enrol_authenticator(user: User, key: str, code: str) -> list[str]:
    """Confirm an authenticator app by a code it shows now; replaces any earlier one; returns new recovery codes."""
    device = unsaved_authenticator(user, key)
    device.confirmed = True
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    entered = _normalised(code)
    if not (entered.isdigit() and len(entered) == device.digits and totp.verify(int(entered), device.tolerance)):
        raise field_error(
            "code",
            _("That code does not match. Enter the 6 digits your app shows now for Liaison, without waiting."),
            code="wrong_code",
        )
    # A code used to enrol cannot be used again to sign in.
    device.last_t = totp.t()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device.save()
        return _replace_recovery_codes(user)


def regenerate_recovery_codes(user: User) -> list[str]:
    """New recovery codes for an enrolled user; the old ones stop working."""
    with transaction.atomic():
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise field_error(
                "code", _("Set up an authenticator app first; recovery codes back it up."), code="not_enrolled"
            )
        return _replace_recovery_codes(user)


def remove_second_factor(user: User) -> None:
    """Remove the authenticator app and the recovery codes: sign-in asks for the password only again."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def _wait_seconds(devices: list[Device]) -> int:
    """How long django-otp's throttle still refuses every code on these devices (0: not throttled)."""
    waits = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        locked_until = (details or {}).get("locked_until")
        if not allowed and locked_until is not None:
            waits.append(math.ceil((locked_until - timezone.now()).total_seconds()))
    return max(1, *waits) if waits else 0


def check_second_factor(user: User, code: str) -> Device:
    """The device that accepts this code (an app's code, or a recovery code, which then stops working)."""
    entered = _normalised(code)
    if not entered:
        raise field_error("code", _("Enter the code from your authenticator app or a recovery code."), code="required")
    with transaction.atomic():
        # Locked rows: two requests racing with one recovery code cannot both succeed.
        if len(entered) == 6 and entered.isdigit():
            candidates = list(TOTPDevice.objects.devices_for_user(user).select_for_update())
        else:
            candidates = list(StaticDevice.objects.devices_for_user(user).select_for_update())
        # django-otp refuses every code for a while after a wrong one; say so rather than "wrong".
        wait = _wait_seconds(candidates)
        if not wait:
            for device in candidates:
                if device.verify_token(entered):
                    return device
    if wait:
        raise field_error(
            "code",
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second, then try again.",
                "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
                wait,
            )
            % {"seconds": wait},
            code="too_many_attempts",
        )
    raise field_error(
        "code", _("That code is not right, or was used already. Check it and try again."), code="wrong_code"
    )
