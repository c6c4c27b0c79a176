"""Headless Chromium driven over the Chrome DevTools protocol, for the site's browser tests.

Chromium (``/usr/bin/chromium``, Debian's package) is started with
``--remote-debugging-port=0`` and a profile of its own; the port it chose is read from the
``DevToolsActivePort`` file it writes there, and one page is driven over the browser's
websocket (``websockets``' synchronous client, a test dependency).  What the tests need and
nothing more: open a file, run a script and take its value, take a screenshot at a window
size, and run axe-core (installed by npm into ``.cache/node``, see :data:`AXE`) on the page.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
"""Debian's package ``chromium``; None where it is missing."""
AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core, installed with:
``npm install --prefix .cache/node --no-save --no-audit --no-fund axe-core@4.10.3``."""
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
"""The axe rules run: WCAG 2.0 and 2.1, levels A and AA."""


class Page:
    """One browser tab, driven over a flattened DevTools session."""

    def __init__(self, socket: ClientConnection, session: str) -> None:
        self._socket = socket
        self._session = session
        self._ids = itertools.count(1)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command and return its result (events received meanwhile are dropped)."""
        number = next(self._ids)
        message = {"id": number, "method": method, "params": params, "sessionId": self._session}
        self._socket.send(json.dumps(message))
        while True:
            reply = json.loads(self._socket.recv(timeout=120))
            if reply.get("id") == number:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def wait_for(self, event: str, timeout: float = 60) -> dict[str, Any]:
        """Wait for an event of the page."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = json.loads(self._socket.recv(timeout=deadline - time.monotonic()))
            if message.get("method") == event and message.get("sessionId") == self._session:
                return message.get("params", {})
        raise TimeoutError(event)

    def size(self, width: int, height: int) -> None:
        """Set the window's size (CSS pixels, device scale 1; mobile for a narrow window)."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )

    def open(self, url: str) -> None:
        """Load a page and wait until it has loaded."""
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a script (awaited when it is a promise)."""
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, *, full_page: bool = False) -> Path:
        """Save a PNG of the window (or of the whole page)."""
        result = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=full_page)
        path.write_bytes(base64.b64decode(result["data"]))
        return path

    def axe(self, tags: tuple[str, ...] = WCAG_TAGS) -> list[dict[str, Any]]:
        """The axe-core violations of the loaded page for these rule tags."""
        if not self.evaluate("typeof axe !== 'undefined'"):
            self.evaluate(AXE.read_text(encoding="utf-8"))
        options = json.dumps({"runOnly": {"type": "tag", "values": list(tags)}})
        script = (
            f"axe.run(document, {options}).then(r => r.violations.map(v => ({{id: v.id, "
            "impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + "
            "' :: ' + n.failureSummary)})))"
        )
        return list(self.evaluate(script))


@contextmanager
def chromium() -> Iterator[Page]:
    """A headless Chromium with one page, closed afterwards."""
    assert CHROMIUM is not None, "chromium is not installed"
    profile = tempfile.mkdtemp(prefix="cosp-chromium-")
    try:
        yield from _chromium(profile)
    finally:
        _remove(Path(profile))


def _chromium(profile: str) -> Iterator[Page]:
    """Run Chromium on the profile folder until the caller is done with its page."""
    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--no-default-browser-check",
            "--allow-file-access-from-files",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and len(port_file.read_text().split()) == 2):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port, path = port_file.read_text().split()
        with connect(f"ws://127.0.0.1:{port}{path}", max_size=None) as socket:
            socket.send(
                json.dumps(
                    {"id": 0, "method": "Target.createTarget", "params": {"url": "about:blank"}}
                )
            )
            target = _reply(socket, 0)["targetId"]
            socket.send(
                json.dumps(
                    {
                        "id": -1,
                        "method": "Target.attachToTarget",
                        "params": {"targetId": target, "flatten": True},
                    }
                )
            )
            page = Page(socket, _reply(socket, -1)["sessionId"])
            page.send("Page.enable")
            yield page
    finally:
        # The whole group: Chromium's helper processes (renderer, crash handler) may
        # outlive the browser and still write into the profile.
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        _signal_group(process.pid, signal.SIGKILL)


def _signal_group(group: int, number: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, number)


def _remove(profile: Path) -> None:
    """Remove the browser's profile, waiting a little for a helper still closing its files."""
    for _ in range(50):
        try:
            shutil.rmtree(profile)
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.1)
    shutil.rmtree(profile)


def _reply(socket: ClientConnection, number: int) -> dict[str, Any]:
    while True:
        message = json.loads(socket.recv(timeout=60))
        if message.get("id") == number:
            return message["result"]
