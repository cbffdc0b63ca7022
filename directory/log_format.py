"""Log lines as JSON objects, one a line, each with the id of the request it was written in (if any)."""

from __future__ import annotations

import logging

from directory.request_ids import current_request_id


class RequestIdFilter(logging.Filter):
    """Gives every record a request_id, and keeps the credentials some paths hold out of Django's own lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the request's id unless the record names one; rewrite a request's path safely. Drops nothing."""
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            # Django's "Not Found: /confirm/<token>/" lines are written outside the request's context.
            self._without_credentials(record, request)
        if not getattr(record, "request_id", ""):
            record.request_id = getattr(request, "request_id", "") or current_request_id()
        return True

    @staticmethod
    def _without_credentials(record: logging.LogRecord, request: object) -> None:
        from django.utils.encoding import escape_uri_path

        from directory.request_log import loggable_path

        raw = {request.path, escape_uri_path(request.path)}  # type: ignore[attr-defined]
        safe = loggable_path(request)  # type: ignore[arg-type]
        if isinstance(record.args, tuple):
            record.args = tuple(safe if argument in raw else argument for argument in record.args)
        record.request = f"{getattr(request, 'method', '')} {safe}"
