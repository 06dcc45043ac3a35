"""`rasd serve`: options, loopback detection, a clear error for a missing store, and a real server on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from click.testing import CliRunner

from rasd.cli import main
from rasd.cli_serve import is_loopback
from test_web_samples import build_store


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.8.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("192.168.1.5", False), ("::", False), ("example.org", False),
])
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_help_lists_the_options() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--token", "--max-body", "--timeout", "--workers", "--cache"):
        assert option in result.output


def test_missing_store_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "no such database file" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "none.duckdb").exists()  # serving never creates a store


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("workers", [1, 2])
def test_serves_over_http_with_a_token(tmp_path: Path, workers: int) -> None:
    db = build_store(tmp_path)
    port = _port()
    rasd = str(Path(sys.executable).with_name("rasd"))
    proc = subprocess.Popen([rasd, "serve", "--db", db, "--port", str(port), "--token", "tok",
                             "--workers", str(workers)], stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                resp = httpx.get(base + "/api/meta", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None, "the server did not start"
                time.sleep(0.2)
        assert resp.status_code == 401 and resp.json()["error"]["code"] == "unauthorised"
        ok = httpx.get(base + "/api/events", headers={"Authorization": "Bearer tok"}, timeout=10)
        assert ok.status_code == 200 and ok.json()["total"] > 0
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert proc.stderr is not None
    assert "read-only" in proc.stderr.read().decode()
