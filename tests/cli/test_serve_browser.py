"""``jgbtui serve`` in a real headless Chromium, against the real files on a local mirror.

The browser is Debian's ``chromium`` driven by Playwright for Python (``.ci/run`` installs
it). The test waits for the app itself (the yields table with the MoF 10Y close 2.987 in the
terminal stream the page renders), saves a screenshot in the test's tmp folder, then opens
the drill-down and presses ``e``: the CSV must download in the browser, not land on the
server. Every request the page makes beyond 127.0.0.1 (the page asks for a web font) is
refused, so the test never touches the internet.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REAL_DIR
from mirror import MirrorServer, real_payloads, write_mirror

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: CSI/OSC/other escape sequences, removed to read the text the terminal draws.
ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P_^][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")
APP_TIMEOUT = 60.0


def _require_browser() -> None:
    """Skip with the reason when the browser stack is missing; in CI it must be there."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    for module in ("playwright", "textual_serve"):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"python package {module} (pip install -e '.[test]')")
    if missing:
        reason = "browser test needs " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run this test: see .ci/run)")
        pytest.skip(reason)
    if not REAL_DIR.exists():
        pytest.skip(f"real data files not available (expected in {REAL_DIR})")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_http(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> str:
    """Poll ``url`` until it answers 200 (or the server dies); return the page."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"jgbtui serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {timeout}s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """``jgbtui serve`` on a free loopback port, fed by the real-file mirror."""
    _require_browser()
    root = tmp_path / "mirror"
    write_mirror(root, real_payloads(REAL_DIR))
    port = free_port()
    with MirrorServer(root) as mirror:
        command = [
            sys.executable,
            "-m",
            "jgbtui",
            "serve",
            "--port",
            str(port),
            "--mirror",
            mirror.base_url,
            "--cache-dir",
            str(tmp_path / "cache"),
            "--export-dir",
            str(tmp_path / "server-exports"),
        ]
        log = (tmp_path / "serve.log").open("wb")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/"
            page = wait_for_http(url, process)
            assert "textual-terminal" in page
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
            log.close()


def test_serve_in_headless_chromium_shows_the_yields_and_downloads_csv(
    served: str, tmp_path: Path
) -> None:
    from playwright.sync_api import Download, Route, WebSocket, sync_playwright

    stream: list[bytes] = []
    messages: list[str] = []

    def screen_text() -> str:
        return ESCAPES.sub("", b"".join(stream).decode("utf-8", "replace"))

    def keep_local(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    def on_socket(socket_: WebSocket) -> None:
        socket_.on(
            "framereceived",
            lambda payload: (stream if isinstance(payload, bytes) else messages).append(payload),
        )

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),  # a fresh user-data-dir
            executable_path=str(CHROMIUM),
            args=CHROMIUM_FLAGS,
            headless=True,
            accept_downloads=True,
            viewport={"width": 1600, "height": 1000},
        )
        try:
            context.route("**/*", keep_local)
            downloads: list[Download] = []

            def keep(download: Download) -> None:
                downloads.append(download)

            # textual-serve opens each delivery in a new tab, which starts the download.
            context.on("page", lambda tab: tab.on("download", keep))
            page = context.pages[0] if context.pages else context.new_page()
            page.on("download", keep)
            page.on("websocket", on_socket)
            page.goto(served)

            # Wait for the app, not for a fixed time: the yields pane with MoF's 10Y close.
            deadline = time.monotonic() + APP_TIMEOUT
            while not ("1 JGB yields" in screen_text() and "2.987" in screen_text()):
                assert time.monotonic() < deadline, screen_text()[-2000:]
                page.wait_for_timeout(100)
            page.wait_for_function("document.body.classList.contains('-first-byte')")
            # Two animation frames: xterm.js has drawn what it received.
            page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            shot = tmp_path / "jgbtui-serve-chromium.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 20_000, "the screenshot looks blank"
            text = screen_text()
            assert re.search(r"10Y\s+2\.987", text), "the 10Y row of the yields table"
            assert "as of 2026-09-11" in text

            # Enter drills into the selected yield, e exports: the CSV downloads in the browser.
            page.focus("textarea.xterm-helper-textarea")
            page.keyboard.press("Enter")
            deadline = time.monotonic() + APP_TIMEOUT
            while "full history" not in screen_text()[-20000:]:
                assert time.monotonic() < deadline, "the drill-down did not open"
                page.wait_for_timeout(100)
            page.keyboard.press("e")
            deadline = time.monotonic() + APP_TIMEOUT
            while not downloads:
                assert time.monotonic() < deadline, f"no download; messages {messages[-5:]}"
                page.wait_for_timeout(100)
            download = downloads[0]
            assert download.suggested_filename.endswith(".csv")
            saved = tmp_path / "browser-downloads" / download.suggested_filename
            download.save_as(str(saved))
            lines = saved.read_text(encoding="utf-8").splitlines()
            assert lines[0] == "date,yield_pct"
            assert lines[-1] == "2026-09-11,1.555"  # MoF's 1Y on the last day of the file
            assert any(m.startswith('["deliver_file_start"') for m in messages)
        finally:
            context.close()
    # Delivered to the browser, not written on the server.
    assert not (tmp_path / "server-exports").exists()
