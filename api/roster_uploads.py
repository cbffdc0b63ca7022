"""`POST /graphql/rosters`: the first of the two steps of a roster import through the API (the file itself).

GraphQL requests are small JSON documents; a roster is a file of up to LIAISON_ROSTER_MAX_BYTES. It is sent here as
multipart form data, with the same credentials as /graphql (an API token, or a browser session with its CSRF
token); the answer names the upload that `rosterPreview`, `decideRoster` and `commitRoster` then take.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from api.schema import schema
from api.views import BEARER, LiaisonGraphQLView
from directory.error_codes import ErrorCode, Reason
from directory.rosters.reading import RosterFileError
from directory.services.uploads import store_upload
from directory.visibility import signed_in

UPLOADS = "liaison.intake.uploads"
# Room for the form's other fields and the multipart boundaries around the file.
ENVELOPE_BYTES = 64 * 1024


def _error(status: int, message: str, code: str, **extensions: object) -> JsonResponse:
    return JsonResponse({"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}, status=status)


def _signed_in(request: HttpRequest) -> JsonResponse | None:
    """Sign the request in as /graphql does: an API token, else a session with its CSRF token."""
    header = request.headers.get("Authorization", "")
    if header:
        if not header.startswith(BEARER):
            return _error(401, "Send API tokens as 'Authorization: Bearer <token>'.", ErrorCode.UNAUTHENTICATED)
        refused = LiaisonGraphQLView(schema=schema)._authenticate_token(request, header.removeprefix(BEARER).strip())
        if refused is not None:
            return refused
    else:
        csrf = CsrfViewMiddleware(lambda _: HttpResponse())
        if csrf.process_view(request, None, (), {}) is not None:  # type: ignore[arg-type]
            return _error(
                403, "CSRF check failed: send the csrftoken cookie's value as X-CSRFToken.", ErrorCode.PERMISSION_DENIED
            )
    if not signed_in(request.user):
        return _error(
            401, "Sign in, or send an API token as 'Authorization: Bearer <token>'.", ErrorCode.UNAUTHENTICATED
        )
    return None


@csrf_exempt
@require_POST
def roster_upload(request: HttpRequest) -> JsonResponse:
    """Keep a roster file for the GraphQL steps; answer its upload id, or the problems that name row and column."""
    limit = settings.LIAISON_ROSTER_MAX_BYTES
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit + ENVELOPE_BYTES:
        return _error(
            413, f"The file is over the limit of {limit} bytes; split the roster.", ErrorCode.LIMIT_EXCEEDED,
            limit="LIAISON_ROSTER_MAX_BYTES",
        )  # fmt: skip
    refused = _signed_in(request)
    if refused is not None:
        return refused
    rate = settings.LIAISON_ROSTER_RATE_LIMIT
    usage = get_usage(request, group=UPLOADS, key="user", rate=rate, increment=True)
    if usage is not None and usage["should_limit"]:
        response = _error(
            429, f"Too many roster uploads (the limit is {rate}); wait, then send it again.", ErrorCode.RATE_LIMITED,
            retryAfter=usage["time_left"],
        )  # fmt: skip
        response["Retry-After"] = str(max(usage["time_left"], 1))
        return response
    file = request.FILES.get("file")
    if file is None:
        return _error(400, "Send the roster as the form field 'file'.", ErrorCode.INVALID_INPUT, field="file",
                      reason=Reason.REQUIRED)  # fmt: skip
    try:
        stored = store_upload(
            request.user,
            data=file.read(),
            file_name=file.name or "roster",
            encoding=request.POST.get("encoding", ""),
            event=request.POST.get("event", ""),
        )
    except PermissionDenied as refusal:
        return _error(403, str(refusal), ErrorCode.PERMISSION_DENIED)
    except RosterFileError as error:
        return JsonResponse(
            {
                "errors": [
                    {
                        "message": problem.message,
                        "extensions": {
                            "code": ErrorCode.INVALID_INPUT,
                            "field": "file",
                            "reason": problem.code,
                            "row": problem.row,
                            "column": problem.column,
                        },
                    }
                    for problem in error.problems
                ]
            },
            status=400,
        )
    return JsonResponse({"upload": str(stored.uuid), "fileName": stored.file_name}, status=201)
