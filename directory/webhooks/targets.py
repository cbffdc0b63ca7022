"""Where a webhook may go: a public address only, checked after the name is resolved (against SSRF)."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetRefused(ValueError):
    """A webhook URL Liaison will not send to; the message says why and what to use instead."""


@dataclass(frozen=True)
class Target:
    """A checked destination: connect to `address` (never look the name up again), speak to `host`."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def _forbidden(address: IPAddress) -> str | None:
    """Why an address is not public, or None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _forbidden(address.ipv4_mapped)
    if address.is_loopback:
        return None if settings.LIAISON_WEBHOOK_ALLOW_LOOPBACK else "a loopback address"
    for label, flag in (
        ("a link-local address", address.is_link_local),
        ("a multicast address", address.is_multicast),
        ("an unspecified address", address.is_unspecified),
        ("a reserved address", address.is_reserved),
        ("a private address", address.is_private),
        ("a non-global address", not address.is_global),
    ):
        if flag:
            return label
    return None


def parse_url(url: str) -> tuple[str, str, int, str]:
    """Scheme, host, port and path of a webhook URL; TargetRefused for anything but plain http(s)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise TargetRefused(f"'{url[:100]}' is not a valid URL ({error}); give https://host/path.") from error
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise TargetRefused("Give an https:// URL with a host name, such as https://example.org/liaison-hook.")
    if parts.username or parts.password:
        raise TargetRefused("Leave user names and passwords out of the URL; the signature authenticates Liaison.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def check_target(url: str) -> Target:
    """Resolve the URL's host once and refuse it unless every address is public (and https, in production)."""
    scheme, host, port, path = parse_url(url)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise TargetRefused(f"The host '{host}' does not resolve ({error}); check the URL.") from error
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if not addresses:
        raise TargetRefused(f"The host '{host}' has no address; check the URL.")
    for address in addresses:
        problem = _forbidden(address)
        if problem:
            raise TargetRefused(f"'{host}' resolves to {address}, {problem}; webhooks go only to public addresses.")
    loopback_only = all(address.is_loopback for address in addresses)
    if scheme != "https" and not (loopback_only and settings.LIAISON_WEBHOOK_ALLOW_LOOPBACK):
        raise TargetRefused("Use https://; plain http is allowed only to loopback while developing.")
    return Target(scheme=scheme, host=host, port=port, path=path, address=str(addresses[0]))
