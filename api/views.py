"""`/graphql`: POST only, a body size cap, API tokens or a browser session (with CSRF), rate limits, no batching."""

from __future__ import annotations

from typing import Any

import orjson
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from api import idempotency, throttle, trusted_documents
from api.audit import contact_views_logged
from api.errors import BUSY_MESSAGE, UNAUTHENTICATED, people_facing
from api.schema import schema
from config import __version__
from directory.error_codes import ErrorCode
from directory.errors import DATABASE_BUSY, RETRY_AFTER_SECONDS, is_database_busy
from directory.services.access import authenticate_api_token
from directory.visibility import act_through_token, signed_in

BEARER = "Bearer "
VERSION_HEADER = "Liaison-Version"

# What orjson does not write itself (a lazy translation, a date, a decimal) is written as Django's encoder wrote it.
_DJANGO_JSON = DjangoJSONEncoder()
_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"errors": [{"message": message}]}, status=status)


def _unauthenticated() -> JsonResponse:
    """The answer RequireSignIn would give, given before the document is even parsed."""
    error = {"message": UNAUTHENTICATED, "extensions": {"code": ErrorCode.UNAUTHENTICATED}}
    return JsonResponse({"data": None, "errors": [error]})


def _busy() -> JsonResponse:
    """The answer a busy database gets inside an operation, given when it was busy before one (a token's use)."""
    error = {"message": BUSY_MESSAGE, "extensions": {"code": DATABASE_BUSY, "retryAfter": RETRY_AFTER_SECONDS}}
    response = JsonResponse({"data": None, "errors": [error]})
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@method_decorator(csrf_exempt, name="dispatch")
class LiaisonGraphQLView(GraphQLView):
    """Strawberry's view with Liaison's authentication and request limits."""

    allow_queries_via_get = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        """Every answer, refusals included, says which version of the API gave it."""
        response = self._dispatch(request, *args, **kwargs)
        response[VERSION_HEADER] = __version__
        return response

    def _dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        """Check size, credentials and rate before Strawberry parses anything."""
        if request.method == "GET" and not self._wants_ide(request):
            return _error(405, "Send GraphQL operations with POST; queries over GET are not accepted.")
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.LIAISON_GRAPHQL_MAX_BODY_BYTES:
            return _error(
                413,
                f"The request body is over {settings.LIAISON_GRAPHQL_MAX_BODY_BYTES} bytes; "
                "send a shorter operation or fewer variables.",
            )
        if request.method == "POST" and not _is_utf8(request.body):
            return _error(400, "The request body is not UTF-8 text; send the JSON encoded as UTF-8.")
        header = request.headers.get("Authorization", "")
        if header:
            if not header.startswith(BEARER):
                return _error(401, "Send API tokens as 'Authorization: Bearer <token>'.")
            try:
                refused = self._authenticate_token(request, header.removeprefix(BEARER).strip())
            except OperationalError as error:
                # Recording a token's use is a write: a database too busy for it says so as the API does.
                if not is_database_busy(error):
                    raise
                refused = _busy()
            if refused is not None:
                return refused
        elif request.method == "POST":
            # No view on purpose: this view is csrf_exempt, and a view's mark must not skip this check.
            csrf = CsrfViewMiddleware(lambda _: HttpResponse())
            rejected = csrf.process_view(request, None, (), {})  # type: ignore[arg-type]
            if rejected is not None:
                return _error(403, "CSRF check failed: send the csrftoken cookie's value as the X-CSRFToken header.")
        if request.method == "POST":
            # Nobody unknown gets a document parsed, validated or measured: signing in comes first.
            if not signed_in(request.user):
                return _unauthenticated()
            token = getattr(request, "api_token", None)
            caller = f"token:{token.pk}" if token is not None else f"user:{request.user.pk}"
            refused = throttle.refuse_over_rate(request, caller)
            if refused is not None:
                return refused
            trusted = trusted_documents.resolve(request, token)
            if isinstance(trusted, HttpResponseBase):
                return trusted
            request.trusted_document = trusted  # type: ignore[attr-defined]
            run = lambda: self._answer(request, *args, **kwargs)  # noqa: E731
            if idempotency.HEADER in request.headers:
                return idempotency.answer(request, request.user, caller, run, _busy)
            return run()
        return super().dispatch(request, *args, **kwargs)

    def _answer(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """Strawberry's answer, sent once the contact views it shows are logged; withheld while the log is busy."""
        try:
            return contact_views_logged(
                request, lambda: super(LiaisonGraphQLView, self).dispatch(request, *args, **kwargs)
            )
        except OperationalError as error:
            if not is_database_busy(error):
                raise
            return _busy()

    def parse_http_body(self, request: Any) -> GraphQLRequestData | list[GraphQLRequestData]:
        """The operation as sent, or the trusted document it names (by hash, or by its text from a bound token)."""
        data = super().parse_http_body(request)
        trusted = getattr(request.request, "trusted_document", None)
        if trusted is not None and isinstance(data, GraphQLRequestData):
            data.query, data.operation_name = trusted.text, trusted.operation_name
        return data

    def process_result(self, request: HttpRequest, result: ExecutionResult) -> GraphQLHTTPResponse:
        """Word every error for people, also those raised in an extension (the token check), which skip masking."""
        if result.errors:
            result.errors = [people_facing(error) for error in result.errors]
        return super().process_result(request, result)

    def create_response(self, response_data: Any, sub_response: HttpResponse) -> HttpResponseBase:
        """Strawberry's JSON response, telling HTTP clients when to retry after the database was busy."""
        response = super().create_response(response_data, sub_response)
        errors = response_data.get("errors") if isinstance(response_data, dict) else None
        if any((error.get("extensions") or {}).get("code") == DATABASE_BUSY for error in errors or ()):
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def encode_json(self, data: object) -> bytes:
        """The answer as compact UTF-8 JSON."""
        # orjson wrote a 50-officer answer in a tenth of json.dumps's 0.3 ms, and writes Cyrillic as itself (2 bytes a
        # letter) where json.dumps escaped it (6).
        return orjson.dumps(data, default=_DJANGO_JSON.default, option=_JSON_OPTIONS)

    def _authenticate_token(self, request: HttpRequest, plaintext: str) -> JsonResponse | None:
        """Sign the request in with its API token, or answer why not (throttled before any lookup)."""
        refused = throttle.refuse_after_failed_tokens(request)
        if refused is not None:
            return refused
        token = authenticate_api_token(plaintext)
        if token is None:
            throttle.count_failed_token(request)
            return _unauthenticated()
        request.api_token = token  # type: ignore[attr-defined]
        # The token's scopes travel with its user, so every write check honours them whatever the role.
        request.user = act_through_token(token.user, token.scope_list, documents_only=token.documents_only)
        return None

    def _wants_ide(self, request: HttpRequest) -> bool:
        return self.graphql_ide is not None and "text/html" in request.headers.get("Accept", "")

    def render_graphql_ide(self, request: HttpRequest) -> HttpResponse:
        """GraphiQL from vendored assets (development only: Strawberry's own page loads from a CDN)."""
        get_token(request)  # sets the csrftoken cookie that the page's POSTs echo as X-CSRFToken
        return HttpResponse(render_to_string("api/graphiql.html", request=request))


def graphql_view() -> Any:
    """The view as routed: GraphiQL only where introspection is on (development)."""
    ide = "graphiql" if settings.LIAISON_GRAPHQL_INTROSPECTION else None
    return LiaisonGraphQLView.as_view(schema=schema, graphql_ide=ide)
