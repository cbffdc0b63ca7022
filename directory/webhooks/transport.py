"""Sending one webhook: to the address already checked, with short timeouts, no redirects, a capped answer."""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass

from django.conf import settings

from directory.webhooks.targets import Target


@dataclass(frozen=True)
class Answer:
    """What the receiver answered: its status and the start of its body."""

    status: int
    body: bytes

    @property
    def accepted(self) -> bool:
        """A 2xx status: the receiver has the message (a redirect is not followed, so it is not delivered)."""
        return 200 <= self.status < 300


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to a checked address: the name is never looked up a second time (DNS rebinding)."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._target = target

    def connect(self) -> None:
        """Connect to the checked address; for https, verify the certificate against the URL's host name."""
        sock = socket.create_connection((self._target.address, self._target.port), timeout=self.timeout)
        if self._target.scheme == "https":
            context = ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=self._target.host)
        self.sock = sock


def post(target: Target, body: bytes, headers: dict[str, str]) -> Answer:
    """POST the body; OSError (or http.client.HTTPException) when the receiver cannot be reached in time."""
    connection = _PinnedConnection(target, timeout=settings.LIAISON_WEBHOOK_TIMEOUT_SECONDS)
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={
                **headers,
                "Content-Type": "application/json",
                "User-Agent": "Liaison-Webhooks",
                "Host": target.host if target.port in (80, 443) else f"{target.host}:{target.port}",
            },
        )
        response = connection.getresponse()
        # Read no more than the cap: a receiver cannot make the worker swallow a large answer.
        return Answer(status=response.status, body=response.read(settings.LIAISON_WEBHOOK_RESPONSE_CAP_BYTES))
    finally:
        connection.close()
