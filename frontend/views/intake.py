"""The roster wizard: upload, how to read the file, the preview with filters, resolving rows, commit."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import get_usage

from directory.models import RosterImport, RosterUpload
from directory.permissions import ensure_can_import
from directory.rosters.preview import RosterPreview, RowStatus
from directory.rosters.reading import RosterFileError
from directory.services.uploads import (
    change_upload,
    commit_upload,
    discard_upload,
    preview_upload,
    store_upload,
    unknown_headers,
    upload_of,
)
from frontend.forms.intake import OptionsForm, UploadForm
from frontend.views.steward import refusals_explained

ROWS_PER_PAGE = 100
UPLOADS = "liaison.intake.uploads"
FILTERS = ("attention", "all", *(status.value for status in RowStatus))
NEEDS_ATTENTION = {RowStatus.AMBIGUOUS, RowStatus.INVALID, RowStatus.REFUSED}


def _over_rate(request: HttpRequest) -> HttpResponse | None:
    """A 429 page once this user has uploaded too many rosters lately (LIAISON_ROSTER_RATE_LIMIT)."""
    rate = settings.LIAISON_ROSTER_RATE_LIMIT
    usage = get_usage(request, group=UPLOADS, key="user", rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    response = render(request, "frontend/intake/too_many.html", {"seconds": usage["time_left"]}, status=429)
    response["Retry-After"] = str(max(usage["time_left"], 1))
    return response


@login_required
@refusals_explained
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Step 1: choose the file (and, for a CSV, its encoding) and the event."""
    ensure_can_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST":
        refused = _over_rate(request)
        if refused is not None:
            return refused
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                stored = store_upload(
                    request.user,
                    data=file.read(),
                    file_name=file.name or "roster",
                    encoding=form.cleaned_data["encoding"],
                    event=form.cleaned_data["event"],
                )
            except RosterFileError as error:
                problems = error.problems
            else:
                return redirect("intake_preview", uuid=stored.uuid)
    uploads = RosterUpload.objects.filter(uploaded_by=request.user).only("uuid", "file_name", "uploaded_at")[:10]
    imports = RosterImport.objects.filter(imported_by=request.user)[:10]
    context = {"form": form, "problems": problems, "uploads": uploads, "imports": imports}
    return render(request, "frontend/intake/upload.html", context, status=400 if problems else 200)


def _own_upload(request: HttpRequest, uuid: UUID) -> RosterUpload:
    try:
        return upload_of(request.user, uuid)
    except RosterUpload.DoesNotExist:
        raise Http404(_("No roster of yours has this address; upload it again.")) from None


def _rows_shown(preview: RosterPreview, chosen: str) -> list[Any]:
    if chosen == "all":
        return preview.rows
    if chosen == "attention":
        return [row for row in preview.rows if row.status in NEEDS_ATTENTION]
    return [row for row in preview.rows if row.status.value == chosen]


@login_required
@refusals_explained
@require_GET
def preview(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Steps 2 to 4: how the file was read, every row's status with filters, and the choices for each row."""
    stored = _own_upload(request, uuid)
    return _preview_page(request, stored)


def _preview_page(
    request: HttpRequest, stored: RosterUpload, *, errors: list[str] | None = None, options: OptionsForm | None = None
) -> HttpResponse:
    try:
        found = preview_upload(stored, request.user)
    except RosterFileError as error:
        errors = [*(errors or []), *(problem.message for problem in error.problems)]
        found = None
    except ValidationError as error:
        errors = [*(errors or []), *error.messages]
        found = None
    chosen = request.GET.get("status", "attention")
    chosen = chosen if chosen in FILTERS else "attention"
    unknown = [header for _, header in found.mapping.unknown] if found else []
    options = options or OptionsForm(
        unknown_headers=unknown, initial={"encoding": stored.encoding, "event": stored.event}
    )
    page = Paginator(_rows_shown(found, chosen) if found else [], ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "upload": stored,
        "preview": found,
        "counts": found.counts if found else {},
        "chosen": chosen,
        "filters": FILTERS,
        "page": page,
        "options": options,
        "errors": errors or [],
        "shown": [(row, stored.decisions.get(str(row.number), "")) for row in page],
        "query": urlencode({"status": chosen, "page": page.number}),
    }
    template = "frontend/intake/_rows.html" if request.htmx and request.GET.get("part") == "rows" else None
    status = 400 if errors else 200
    return render(request, template or "frontend/intake/preview.html", context, status=status)


def _back(stored: RosterUpload, request: HttpRequest) -> HttpResponse:
    query = request.POST.get("query", "")
    return redirect(reverse("intake_preview", kwargs={"uuid": stored.uuid}) + (f"?{query}" if query else ""))


@login_required
@refusals_explained
@require_POST
def options(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Change how the file is read: its encoding, the event, and columns for unknown headers."""
    stored = _own_upload(request, uuid)
    try:
        unknown = unknown_headers(stored)
    except RosterFileError:
        unknown = []
    form = OptionsForm(request.POST, unknown_headers=unknown)
    if not form.is_valid():
        return _preview_page(request, stored, options=form)
    try:
        change_upload(
            stored,
            request.user,
            headers=form.header_choices(),
            save_headers=form.cleaned_data["remember"],
            encoding=form.cleaned_data["encoding"],
            event=form.cleaned_data["event"],
        )
    except ValidationError as error:
        return _preview_page(request, stored, errors=error.messages, options=form)
    return _back(stored, request)


@login_required
@refusals_explained
@require_POST
def resolve(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Record the choices made on the rows shown: this officer, new, or skip."""
    stored = _own_upload(request, uuid)
    decisions = {
        int(name.removeprefix("row-")): value
        for name, value in request.POST.items()
        if name.startswith("row-") and name.removeprefix("row-").isdigit()
    }
    try:
        change_upload(stored, request.user, decisions=decisions)
    except ValidationError as error:
        return _preview_page(request, stored, errors=error.messages)
    if request.htmx:
        request.GET = request.POST.copy()  # the same filter and page, drawn again
        request.GET["part"] = "rows"
        return _preview_page(request, stored)
    return _back(stored, request)


@login_required
@refusals_explained
@require_POST
def commit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Step 5: write everything in one transaction, or nothing, naming the rows still to decide or fix."""
    stored = _own_upload(request, uuid)
    try:
        done = commit_upload(stored, request.user, skip_invalid=request.POST.get("skip_invalid") == "on")
    except ValidationError as error:
        return _preview_page(request, stored, errors=error.messages)
    return redirect("intake_done", pk=done.pk)


@login_required
@refusals_explained
@require_POST
def discard(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Forget the file without importing it."""
    discard_upload(_own_upload(request, uuid), request.user)
    return redirect("intake")


@login_required
@refusals_explained
@require_GET
def done(request: HttpRequest, pk: int) -> HttpResponse:
    """What an import did: its counts and each row's decision."""
    ensure_can_import(request.user)
    record = RosterImport.objects.filter(pk=pk, imported_by=request.user).first()
    if record is None:
        raise Http404(_("No import of yours has this number."))
    decisions = sorted(record.decisions.items(), key=lambda item: int(item[0]))
    return render(request, "frontend/intake/done.html", {"record": record, "decisions": decisions})
