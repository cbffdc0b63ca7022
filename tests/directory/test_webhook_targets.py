"""The SSRF guard: webhooks go only over https to public addresses, checked after the name is resolved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from directory.models import WebhookDelivery, WebhookEndpoint
from directory.services import officers
from directory.services.webhooks import publish_changes, register_webhook_endpoint
from directory.webhooks.delivery import deliver_due
from directory.webhooks.targets import TargetRefused, check_target
from tests.factories import build_small_world
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db

REFUSED = [
    ("http://10.0.0.7/hook", "private"),
    ("https://192.168.1.1/hook", "private"),
    ("https://172.16.0.1/hook", "private"),
    ("https://169.254.169.254/latest/meta-data/", "link-local"),
    ("https://[fe80::1]/hook", "link-local"),
    ("https://224.0.0.1/hook", "multicast"),
    ("https://0.0.0.0/hook", "unspecified"),
    ("https://240.0.0.1/hook", "reserved"),
    ("https://100.64.0.1/hook", "address"),
    ("https://[::ffff:10.0.0.1]/hook", "private"),
    ("https://[fc00::1]/hook", "private"),
    # Names and spellings that resolve to loopback: checked after resolution, not by the text.
    ("https://localhost/hook", "loopback"),
    ("https://127.1/hook", "loopback"),
    ("https://2130706433/hook", "loopback"),
    ("https://0x7f000001/hook", "loopback"),
    ("https://[::1]/hook", "loopback"),
    ("https://[::ffff:127.0.0.1]/hook", "loopback"),
]


@override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=False)
@pytest.mark.parametrize(("url", "why"), REFUSED)
def test_private_and_special_addresses_are_refused(url: str, why: str) -> None:
    with pytest.raises(TargetRefused) as refused:
        check_target(url)
    assert why in str(refused.value)
    assert "public addresses" in str(refused.value)


@override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=False)
def test_registering_a_name_that_resolves_to_loopback_is_refused_naming_the_url() -> None:
    with pytest.raises(ValidationError) as refused:
        register_webhook_endpoint(name="metadata", url="https://localhost:8443/hook")
    assert refused.value.error_dict["url"][0].code == "refused_target"
    assert "127.0.0.1" in refused.value.error_dict["url"][0].message or "::1" in str(refused.value)
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/hook",
        "file:///etc/passwd",
        "gopher://127.0.0.1:6379/_FLUSHALL",
        "https://user:password@example.org/hook",
        "https://exa mple.org/hook",
        "https://example.org:99999/hook",
        "//example.org/hook",
        "",
    ],
)
def test_other_schemes_credentials_and_broken_urls_are_refused(url: str) -> None:
    with pytest.raises(TargetRefused):
        check_target(url)


@override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=True)
def test_plain_http_goes_only_to_loopback_while_developing() -> None:
    assert check_target("http://127.0.0.1:8106/hook").address == "127.0.0.1"
    with pytest.raises(TargetRefused) as refused:
        check_target("http://93.184.215.14/hook")
    assert "https" in str(refused.value)


@override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=False)
def test_plain_http_is_refused_in_production() -> None:
    with pytest.raises(TargetRefused) as refused:
        check_target("http://93.184.215.14/hook")
    assert "Use https" in str(refused.value)


def test_the_address_is_checked_again_at_every_delivery() -> None:
    # given an endpoint registered on loopback while developing
    receiver = Receiver().start()
    try:
        world = build_small_world()
        publish_changes()
        with override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=True):
            register_webhook_endpoint(name="dev", url=receiver.url)
        officers.update_officer(world.asel, rank="Major")
        publish_changes()
        # when the worker runs where loopback is not allowed
        with override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=False):
            deliver_due()
    finally:
        receiver.stop()
    # then nothing was sent, and the log says why
    assert receiver.received == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 1 and "loopback" in delivery.last_error
