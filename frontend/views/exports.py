"""Downloads: officers as CSV, XLSX or JSON, an event's attendance list, one officer's vCard."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET
from django_ratelimit.core import get_usage

from directory.exports.downloads import Download, export_attendance, export_officers, export_vcard
from directory.exports.formats import FileFormat
from directory.models import Event
from directory.permissions import ensure_can_export
from frontend.forms.exports import OfficerExportForm
from frontend.forms.steward import add_service_errors
from frontend.views.officers import visible_officer
from frontend.views.steward import refusals_explained

DOWNLOADS = "liaison.exports"


def _as_response(download: Download) -> HttpResponse:
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = content_disposition_header(True, download.filename)
    return response


def _over_rate(request: HttpRequest) -> HttpResponse | None:
    """Count a download against the user; a 429 page saying when to come back once over the limit."""
    rate = settings.LIAISON_EXPORT_RATE_LIMIT
    usage: dict[str, Any] | None = get_usage(request, group=DOWNLOADS, key="user", rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    minutes = max(1, round(usage["time_left"] / 60))
    response = render(request, "frontend/exports/too_many.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(max(usage["time_left"], 1))
    return response


def _file_format(value: str) -> FileFormat:
    try:
        return FileFormat(value)
    except ValueError:
        raise Http404(value) from None


@login_required
@refusals_explained
@require_GET
def officers_export(request: HttpRequest) -> HttpResponse:
    """The export page: choose the officers by the API's filters, then download them as CSV, XLSX or JSON."""
    ensure_can_export(request.user)
    asked = "format" in request.GET
    form = OfficerExportForm(request.GET if request.GET else None)
    if asked and form.is_valid() and form.cleaned_data["format"]:
        refusal = _over_rate(request)
        if refusal is not None:
            return refusal
        try:
            download = export_officers(request.user, form.filters(), FileFormat(form.cleaned_data["format"]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _as_response(download)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "frontend/exports/officers.html", {"form": form}, status=status)


@login_required
@refusals_explained
@require_GET
def attendance_export(request: HttpRequest, uuid: Any, file_format: str) -> HttpResponse:
    """An event's attendance list in the roster's columns (CSV or XLSX), as the viewer may see it."""
    chosen = _file_format(file_format)
    if chosen == FileFormat.JSON:
        raise Http404(file_format)
    event = get_object_or_404(Event, uuid=uuid)
    ensure_can_export(request.user)
    refusal = _over_rate(request)
    if refusal is not None:
        return refusal
    try:
        return _as_response(export_attendance(request.user, event, chosen))
    except ValidationError as error:
        raise PermissionDenied(" ".join(error.messages)) from None


@login_required
@refusals_explained
@require_GET
def officer_vcard(request: HttpRequest, uuid: Any) -> HttpResponse:
    """One officer's vCard, with the contact values the viewer may see."""
    officer = visible_officer(request.user, uuid)
    refusal = _over_rate(request)
    if refusal is not None:
        return refusal
    return _as_response(export_vcard(request.user, officer))
