"""The Idempotency-Key header on `/graphql` (IETF draft "The Idempotency-Key HTTP Header Field").

A mutation sent with a key runs once: its answer is kept in the same transaction as its writes, so a retry with the
same key and body gets that answer again and writes nothing, even when the first attempt's process died after
committing and before replying. Queries are safe to repeat, so on them the header is checked and otherwise ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import http_sf
from django.db import OperationalError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from graphql import GraphQLError, OperationType, parse
from graphql.language import OperationDefinitionNode

from api.limits import MAX_TOKENS
from directory.error_codes import ErrorCode, Reason
from directory.errors import DATABASE_BUSY, is_database_busy
from directory.models import User
from directory.permissions import ensure_can_replay_answer
from directory.services.idempotency import LostClaim, Verdict, claim_key, keep_answer, release_key

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# Checked before parsing: a header this long cannot hold a valid key.
MAX_HEADER_LENGTH = MAX_KEY_LENGTH * 2 + 2
# Answers a retry should not get back: the request did not happen, so the same key may run it again.
RETRYABLE = {DATABASE_BUSY, ErrorCode.GRAPH_UNAVAILABLE, ErrorCode.RATE_LIMITED}
IN_USE_RETRY_AFTER_SECONDS = 1


class _Discard(Exception):
    """Roll the attempt back: its answer says it may be retried, so none of its writes may stay."""


def _refusal(status: int, message: str, code: str, **extensions: Any) -> JsonResponse:
    return JsonResponse({"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}, status=status)


def malformed(reason: str) -> JsonResponse:
    """400: the header is not a key Liaison accepts; the message says how to send one."""
    return _refusal(
        400,
        f"The {HEADER} header {reason}; send a quoted string of 1 to {MAX_KEY_LENGTH} printable ASCII characters, "
        f'such as {HEADER}: "8e03978e-40d5-43e8-bc93-6894a57f9324" (a new UUID for each new write).',
        ErrorCode.INVALID_INPUT,
        field=HEADER,
        reason=Reason.MALFORMED_IDEMPOTENCY_KEY,
    )


def parse_key(header: str) -> str | JsonResponse:
    """The key in the header (an RFC 8941 String), or the 400 answer saying what is wrong with it."""
    if len(header) > MAX_HEADER_LENGTH:
        return malformed(f"is {len(header)} characters long")
    try:
        item: Any = http_sf.parse(header.encode("latin-1"), tltype="item")
    except (http_sf.StructuredFieldError, UnicodeEncodeError):
        return malformed("is not a quoted string, or holds a character other than printable ASCII")
    value, _parameters = item  # an Item is its value and its parameters (ignored, as RFC 8941 allows)
    if not isinstance(value, str):
        return malformed("is not in double quotes")
    if not 1 <= len(value) <= MAX_KEY_LENGTH:
        return malformed(f"holds a key of {len(value)} characters")
    return value


def _mutation_body(request: HttpRequest) -> dict[str, Any] | None:
    """The request's JSON body when the operation it runs is a mutation; None for anything else."""
    trusted = getattr(request, "trusted_document", None)
    try:
        body = json.loads(request.body)
        if trusted is not None:  # sent by hash, or by a bound token: the registered text is what runs
            body = {**body, "query": trusted.text, "operationName": trusted.operation_name}
        document = parse(body["query"], no_location=True, max_tokens=MAX_TOKENS)
    except (ValueError, TypeError, KeyError, GraphQLError):
        return None  # Strawberry answers what is wrong with it; nothing can be written
    name = body.get("operationName")
    operations = [node for node in document.definitions if isinstance(node, OperationDefinitionNode)]
    chosen = [node for node in operations if name is None or (node.name and node.name.value == name)]
    if len(chosen) != 1 or chosen[0].operation != OperationType.MUTATION:
        return None
    return {key: body.get(key) for key in ("query", "variables", "operationName")}


def fingerprint(body: dict[str, Any]) -> str:
    """SHA-256 of the operation, its variables and its name, whatever the JSON's key order or spacing."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _keepable(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or not isinstance(response, HttpResponse):
        return False
    try:
        errors = json.loads(response.content).get("errors") or ()
    except ValueError:
        return False
    return not any((error.get("extensions") or {}).get("code") in RETRYABLE for error in errors)


def answer(
    request: HttpRequest, user: User, caller: str, run: Callable[[], HttpResponseBase], busy: Callable[[], HttpResponse]
) -> HttpResponseBase:
    """Run the request under its key: once, with the answer kept beside its writes; or answer from what is kept."""
    key = parse_key(request.headers[HEADER])
    if isinstance(key, JsonResponse):
        return key
    body = _mutation_body(request)
    if body is None:
        return run()
    decision = claim_key(user=user, caller=caller, key=key, fingerprint=fingerprint(body))
    if decision.verdict is Verdict.REPLAY:
        assert decision.claim is not None
        ensure_can_replay_answer(user, caller, decision.claim.caller)
        replay = HttpResponse(
            decision.claim.response_body, status=decision.claim.response_status, content_type="application/json"
        )
        replay["Idempotent-Replayed"] = "true"
        return replay
    if decision.verdict is Verdict.REUSED:
        return _refusal(
            422,
            f"This {HEADER} was used for a different request (another operation or other variables); "
            "a key names one write: send a new key for a new write.",
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
        )
    if decision.verdict is Verdict.IN_PROGRESS or decision.claim is None:
        refused = _refusal(
            409,
            f"A request with this {HEADER} is still running; wait for its answer, or send the same request again "
            f"in {IN_USE_RETRY_AFTER_SECONDS} s to get it.",
            ErrorCode.IDEMPOTENCY_KEY_IN_USE,
            retryAfter=IN_USE_RETRY_AFTER_SECONDS,
        )
        refused["Retry-After"] = str(IN_USE_RETRY_AFTER_SECONDS)
        return refused
    claim = decision.claim
    try:
        # One transaction for the writes and the kept answer: a process killed after the commit still has both.
        with transaction.atomic():
            response = run()
            if not _keepable(response):
                raise _Discard
            keep_answer(claim, status=response.status_code, body=response.content.decode("utf-8"))  # type: ignore[attr-defined]
    except _Discard:
        release_key(claim)
        return response
    except LostClaim:
        return _refusal(
            409,
            f"This attempt outlived its time and a retry with the same {HEADER} took over; nothing of it was saved. "
            "Send the same request again to get the retry's answer.",
            ErrorCode.IDEMPOTENCY_KEY_IN_USE,
            retryAfter=IN_USE_RETRY_AFTER_SECONDS,
        )
    except OperationalError as error:
        release_key(claim)
        if is_database_busy(error):
            return busy()
        raise
    except BaseException:
        release_key(claim)
        raise
    return response
