"""Open the running app in real headless Chromium and screenshot every page.

    python -m crm_warehouse.dashboard_screenshots [--published FILE] [--out docs/screenshots]

Serves dashboards/app.py on a free loopback port, starts Chromium with a DevTools port and
drives it over the DevTools websocket: a plain `chromium --screenshot` captures an empty page,
because Streamlit renders after load. Each page is opened, its key element awaited (a metric
or a Plotly chart; the Customer 360 page after typing a customer id), the page checked for
Streamlit exceptions, and captured as PNG. The browser test and the README screenshots use it.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

from crm_warehouse import dashboard_data
from crm_warehouse.paths import PROJECT_ROOT
from crm_warehouse.publish import published_path

APP = PROJECT_ROOT / "dashboards" / "app.py"
DEFAULT_OUT_DIR = PROJECT_ROOT / "docs" / "screenshots"
WINDOW_WIDTH, WINDOW_HEIGHT = 1440, 900
START_TIMEOUT_SECONDS = 90
PAGE_TIMEOUT_SECONDS = 60
CHART = ".js-plotly-plot"
METRIC = '[data-testid="stMetric"]'
EXCEPTION = '[data-testid="stException"]'


@dataclass(frozen=True)
class Page:
    name: str
    url_path: str
    title: str
    key_element: str


PAGES = (
    Page("overview", "", "Overview", METRIC),
    Page("customer_360", "customer_360", "Customer 360", METRIC),
    Page("segments", "segments", "Segments", CHART),
    Page("lifetime_value", "lifetime_value", "Lifetime value", CHART),
    Page("funnel_channels", "funnel_channels", "Funnel and channels", CHART),
    Page("social_crm", "social_crm", "Social CRM", CHART),
    Page("data_quality", "data_quality", "Data quality", METRIC),
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
        return response.read().decode()


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_served(url: str, process: subprocess.Popen[bytes], what: str) -> str:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode}")
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{what} did not answer {url} within {START_TIMEOUT_SECONDS} s")


@contextmanager
def serve_app(published: Path) -> Iterator[str]:
    """`streamlit run dashboards/app.py` on a free loopback port, reading `published`."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    environment = {**os.environ, "CRM_PUBLISHED": str(published)}
    environment.pop("CRM_DASHBOARD_PASSWORD", None)
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_until_served(f"{base_url}/_stcore/health", process, "streamlit")
        yield base_url
    finally:
        stop(process)


class DevTools:
    """Just enough of the Chrome DevTools protocol: commands, evaluation, screenshots."""

    def __init__(self, socket_connection: ClientConnection) -> None:
        self.socket = socket_connection
        self.next_id = 0

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params or {}}))
        while True:
            message = json.loads(self.socket.recv(timeout=PAGE_TIMEOUT_SECONDS))
            if message.get("id") != self.next_id:
                continue  # an event
            if "error" in message:
                raise RuntimeError(f"{method}: {message['error']}")
            return message.get("result", {})

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    def wait_for(self, selector: str, timeout: float = PAGE_TIMEOUT_SECONDS) -> None:
        """Until `selector` is on the page and the app has finished running the script."""
        present = f"document.querySelector({json.dumps(selector)}) !== null"
        running = "document.querySelector('[data-testid=\"stStatusWidget\"]') !== null"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(f"({present}) && !({running})"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"{selector} did not appear within {timeout} s")

    def type_and_enter(self, selector: str, text: str) -> None:
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", {"text": text})
        for event in ("keyDown", "keyUp"):
            self.send(
                "Input.dispatchKeyEvent",
                {"type": event, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13},
            )

    def screenshot(self, path: Path) -> None:
        """The whole page: Streamlit scrolls inside its main block, so grow the window to it."""
        height = self.evaluate(
            "document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 0"
        )
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": WINDOW_WIDTH,
                "height": max(int(height), WINDOW_HEIGHT),
                "deviceScaleFactor": 1,
                "mobile": False,
            },
        )
        time.sleep(1.0)  # Plotly redraws at the new size
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))
        self.send("Emulation.clearDeviceMetricsOverride")


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    raise FileNotFoundError("no Chromium: install it (Debian: apt-get install chromium)")


@contextmanager
def chromium() -> Iterator[DevTools]:
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="crm-chromium-", ignore_cleanup_errors=True) as profile:
        command = [
            chromium_binary(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--no-first-run", "--hide-scrollbars",
            f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
            f"--window-size={WINDOW_WIDTH},{WINDOW_HEIGHT}", "about:blank",
        ]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            targets_url = f"http://127.0.0.1:{port}/json/list"
            targets = json.loads(wait_until_served(targets_url, process, "chromium"))
            page = next(target for target in targets if target["type"] == "page")
            with connect(page["webSocketDebuggerUrl"], max_size=None) as socket_connection:
                devtools = DevTools(socket_connection)
                devtools.send("Page.enable")
                yield devtools
        finally:
            stop(process)


def showcase_customer_id(published: Path) -> str:
    return str(dashboard_data.showcase_customer(published)["primary_customer_id"].iloc[0])


def capture_pages(published: Path, out_dir: Path) -> dict[str, Path]:
    """Screenshot every page of the app served from `published`; PNG path per page."""
    out_dir.mkdir(parents=True, exist_ok=True)
    captured = {}
    with serve_app(published) as base_url, chromium() as browser:
        for page in PAGES:
            browser.send("Page.navigate", {"url": f"{base_url}/{page.url_path}"})
            if page.name == "customer_360":
                search = '[data-testid="stTextInput"] input'
                browser.wait_for(search)
                browser.type_and_enter(search, showcase_customer_id(published))
            browser.wait_for(page.key_element)
            time.sleep(1.0)  # let Plotly finish drawing
            text = browser.evaluate("document.body.innerText")
            if page.title not in text:
                raise AssertionError(f"page {page.name} does not show its title {page.title!r}")
            if browser.evaluate(f"document.querySelector({json.dumps(EXCEPTION)}) !== null"):
                raise AssertionError(f"page {page.name} shows an exception:\n{text[:2000]}")
            path = out_dir / f"{page.name}.png"
            browser.screenshot(path)
            captured[page.name] = path
    return captured


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Screenshot every page of the dashboard.")
    parser.add_argument("--published", type=Path, default=None, help="default: $CRM_PUBLISHED")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR)
    args = parser.parse_args(argv)
    for name, path in capture_pages(args.published or published_path(), args.out).items():
        print(f"{name:<16} {path}")


if __name__ == "__main__":
    main()
