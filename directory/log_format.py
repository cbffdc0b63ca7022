"""Log lines as JSON objects, one a line, each with the id of the request it was written in (if any)."""

from __future__ import annotations

import logging

from directory.request_ids import current_request_id


class RequestIdFilter(logging.Filter):
    """Gives every record a request_id: the one it was written in, empty outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the current request's id unless the record names one already; never drops a record."""
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id()
        return True
