"""Real headless Chromium opens the running app and screenshots every page.

crm_warehouse.dashboard_screenshots serves the app on the published small warehouse, drives
Chromium over its DevTools websocket, waits for each page's key element (a metric or a Plotly
chart; on Customer 360 after typing a customer id) and fails on a missing title, a missing
element or a Streamlit exception. Needs `chromium` (Debian package) on the PATH.
"""

from __future__ import annotations

from pathlib import Path

from crm_warehouse.dashboard_screenshots import PAGES, capture_pages
from tests.conftest import Warehouse

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_chromium_renders_every_page(published_small_warehouse: Warehouse, tmp_path: Path) -> None:
    captured = capture_pages(published_small_warehouse.path, tmp_path)
    assert list(captured) == [page.name for page in PAGES]
    for path in captured.values():
        image = path.read_bytes()
        assert image.startswith(PNG_SIGNATURE)
        # a blank page compresses to a few kilobytes; a rendered one with charts does not
        assert len(image) > 50_000, path
