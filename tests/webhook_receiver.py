"""A real HTTP receiver on loopback for the webhook tests: checks each signature, answers as scripted."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    """One request the receiver took: its headers, its body, and whether the signature held."""

    message_id: str
    body: bytes
    payload: dict[str, Any] | None
    verified: bool


@dataclass
class Receiver:
    """A webhook receiver: `answers` are the statuses to give in turn (then 200); `hold` pauses each request."""

    secret: str = ""
    answers: list[int] = field(default_factory=list)
    answer_body: bytes = b"ok"
    hold: threading.Event | None = None
    received: list[Received] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """Where to send: http://127.0.0.1:<port>/hook."""
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    @property
    def delivered(self) -> list[dict[str, Any]]:
        """The payloads of verified requests, in arrival order."""
        return [r.payload for r in self.received if r.verified and r.payload is not None]

    def start(self) -> Receiver:
        """Listen on a free loopback port, in a thread."""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    payload = Webhook(receiver.secret).verify(body, dict(self.headers.items()))
                    verified = True
                except WebhookVerificationError:
                    payload, verified = json.loads(body or b"null"), False
                receiver.received.append(Received(self.headers.get("webhook-id", ""), body, payload, verified))
                receiver.arrived.set()
                if receiver.hold is not None:
                    receiver.hold.wait(30)
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Length", str(len(receiver.answer_body)))
                self.end_headers()
                try:
                    self.wfile.write(receiver.answer_body)
                except OSError:
                    pass  # the worker read only what it wanted, or was killed

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self.hold is not None:
            self.hold.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
