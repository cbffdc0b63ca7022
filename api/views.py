"""`/graphql`: POST only, a body size cap, API tokens or a browser session (with CSRF), no batching."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from api.errors import people_facing
from api.schema import schema
from directory.errors import DATABASE_BUSY, RETRY_AFTER_SECONDS
from directory.services.access import authenticate_api_token

BEARER = "Bearer "


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"errors": [{"message": message}]}, status=status)


@method_decorator(csrf_exempt, name="dispatch")
class LiaisonGraphQLView(GraphQLView):
    """Strawberry's view with Liaison's authentication and request limits."""

    allow_queries_via_get = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        """Check size and credentials before Strawberry parses anything."""
        if request.method == "GET" and not self._wants_ide(request):
            return _error(405, "Send GraphQL operations with POST; queries over GET are not accepted.")
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.LIAISON_GRAPHQL_MAX_BODY_BYTES:
            return _error(413, f"The request body is over {settings.LIAISON_GRAPHQL_MAX_BODY_BYTES} bytes.")
        header = request.headers.get("Authorization", "")
        if header:
            if not header.startswith(BEARER):
                return _error(401, "Send API tokens as 'Authorization: Bearer <token>'.")
            plaintext = header.removeprefix(BEARER).strip()
            # Resolved on first use, so the limits are checked before any database work.
            request.user = SimpleLazyObject(lambda: self._token_user(request, plaintext))
        elif request.method == "POST":
            rejected = CsrfViewMiddleware(lambda _: HttpResponse()).process_view(request, None, (), {})
            if rejected is not None:
                return _error(403, "CSRF check failed: send the csrftoken cookie's value as the X-CSRFToken header.")
        return super().dispatch(request, *args, **kwargs)

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

    def _token_user(self, request: HttpRequest, plaintext: str) -> Any:
        token = authenticate_api_token(plaintext)
        request.api_token = token  # type: ignore[attr-defined]
        return token.user if token is not None else AnonymousUser()

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
