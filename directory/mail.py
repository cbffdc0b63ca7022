"""E-mails Liaison sends: rendered in the recipient's language, plain text with an HTML twin, absolute links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from directory.models import Officer

LANGUAGES = ("en", "ru")


def absolute_url(name: str, *args: Any) -> str:
    """The full address of a page, for a link in an e-mail (LIAISON_SITE_URL plus the page's path)."""
    return settings.LIAISON_SITE_URL + reverse(name, args=args)


def officer_language(officer: Officer) -> str:
    """The language to write to an officer in: Russian when they speak it (the region's lingua franca), else English."""
    return "ru" if officer.languages.filter(code="ru").exists() else "en"


def supported_language(code: str | None) -> str:
    """One of Liaison's languages (en, ru): the given one when supported, else English."""
    code = (code or "").split("-")[0].lower()
    return code if code in LANGUAGES else "en"


def send_templated_mail(
    *,
    to: str,
    template: str,
    language: str,
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
) -> None:
    """Send `directory/email/<template>` (.subject.txt, .txt, .html) to one address, in `language`."""
    with translation.override(supported_language(language)):
        subject = render_to_string(f"directory/email/{template}.subject.txt", dict(context)).strip()
        text = render_to_string(f"directory/email/{template}.txt", dict(context))
        html = render_to_string(f"directory/email/{template}.html", dict(context))
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[to], headers=dict(headers or {}))
    message.attach_alternative(html, "text/html")
    message.send()
