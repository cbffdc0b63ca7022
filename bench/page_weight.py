"""Benchmark: what a first visit to each page transfers over the wire, compressed, as the browser counts it.

Run against the demo that `make run` serves (WhiteNoise's compressed static files, gzip for pages):

    make run                                   # in one terminal
    .venv/bin/python bench/page_weight.py      # in another; --url for another server

Signs in as the demo officer in one browser context, then opens each page in a fresh context holding only
the session cookie (an empty cache), and sums Chrome's encodedDataLength (bytes received, headers included)
of every response. Prints one Markdown row per page.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.frontend.browser import CHROMIUM, CHROMIUM_ARGS, log_in


def transferred(context: object, url: str) -> tuple[int, int, list[str]]:
    """Bytes received for a cold load of `url`, the number of requests, and the scripts it loaded."""
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    received: dict[str, float] = {}
    urls: dict[str, str] = {}
    session.on("Network.requestWillBeSent", lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]))
    session.on(
        "Network.loadingFinished", lambda event: received.__setitem__(event["requestId"], event["encodedDataLength"])
    )
    page.goto(url, wait_until="networkidle")
    page.close()
    scripts = sorted({urls[key].rsplit("/", 1)[-1] for key in received if urls.get(key, "").endswith(".js")})
    return int(sum(received.values())), len(received), scripts


def main() -> None:
    """Measure the pages and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="demo-officer")
    parser.add_argument("--password", default=os.environ.get("LIAISON_DEMO_PASSWORD", "liaison-demo"))
    arguments = parser.parse_args()
    base = arguments.url.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        signing_in = browser.new_context()
        page = signing_in.new_page()
        log_in(page, base, arguments.username, arguments.password)
        page.goto(f"{base}/?topic=cryptocurrency-laundering&scope=neighbours")
        profile = base + page.locator(".result a").first.get_attribute("href")
        agency = base + page.locator(".result a[href^='/agencies/']").first.get_attribute("href")
        network = f"{base}/network/agency/{agency.rstrip('/').rsplit('/', 1)[-1]}/"
        state = signing_in.storage_state()
        signing_in.close()
        pages = {
            "home (finder, empty)": f"{base}/",
            "home (finder, 13 results)": f"{base}/?topic=cryptocurrency-laundering&scope=neighbours",
            "officer profile": profile,
            "coverage map": f"{base}/coverage/map/?topic=darknet-drug-trafficking",
            "network view (agency)": network,
        }
        print("| page | requests | transferred (compressed) | scripts |")
        print("| --- | --- | --- | --- |")
        for name, url in pages.items():
            context = browser.new_context(storage_state=state)
            size, requests, scripts = transferred(context, url)
            context.close()
            print(f"| {name} | {requests} | {size / 1024:.1f} KB | {', '.join(scripts)} |")
        browser.close()


if __name__ == "__main__":
    main()
