"""A desk behind one cache: many jgbtui instances, one request per file to the publisher.

nginx (Debian's, installed by ``.ci/run``) runs as a subprocess with its own config and temp
folders on a free loopback port, using the shipped caching rules (docs/nginx/
jgbtui-cache.conf) in front of ``tests/mirror.py``, which counts the requests reaching it.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REAL_DIR, ROOT
from mirror import MirrorServer, real_payloads, write_mirror

pytestmark = pytest.mark.slow

CACHE_RULES = ROOT / "docs" / "nginx" / "jgbtui-cache.conf"
DESK_CONFIG = ROOT / "docs" / "nginx" / "jgbtui-desk.conf"
CLIENTS_AT_ONCE = 4
CLIENTS_AFTER = 2


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def nginx_config(tmp: Path, port: int, upstream: str) -> str:
    user = "user root root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy_temp;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    proxy_cache_path {tmp}/cache levels=1:2 keys_zone=jgbtui:10m max_size=200m inactive=1d
                     use_temp_path=off;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            include {CACHE_RULES};
            proxy_pass {upstream};
        }}
    }}
}}
"""


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[str, MirrorServer]]:
    """(proxy URL, mirror): nginx's cache in front of the real-file mirror."""
    nginx = find_nginx()
    if nginx is None:
        reason = "nginx not installed (apt-get install nginx-light; .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    if not REAL_DIR.exists():
        pytest.skip(f"real data files not available (expected in {REAL_DIR})")
    root = tmp_path / "mirror"
    write_mirror(root, real_payloads(REAL_DIR))
    work = tmp_path / "nginx"
    work.mkdir()
    with MirrorServer(root) as mirror:
        port = free_port()
        conf = work / "nginx.conf"
        conf.write_text(nginx_config(work, port, mirror.base_url), encoding="utf-8")
        process = subprocess.Popen(
            [nginx, "-p", str(work), "-c", str(conf), "-e", str(work / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 15
            while True:
                if process.poll() is not None:
                    errors = process.stderr.read().decode() if process.stderr else ""
                    pytest.fail(f"nginx exited {process.returncode}: {errors}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "nginx did not listen"
                    time.sleep(0.05)
            yield f"http://127.0.0.1:{port}", mirror
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def snapshot(proxy: str, cache: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jgbtui",
            "snapshot",
            "--csv",
            "--mirror",
            proxy,
            "--cache-dir",
            str(cache),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def check(process: subprocess.Popen[str]) -> None:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "jgb:10Y,2026-09-11,2.987," in out


def test_many_clients_one_upstream_fetch_per_file(desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    proxy, mirror = desk
    # Several desks' instances start at once, each with its own empty cache...
    starting = [snapshot(proxy, tmp_path / f"client-{n}") for n in range(CLIENTS_AT_ONCE)]
    for process in starting:
        check(process)
    # ...and more come later.
    for n in range(CLIENTS_AFTER):
        check(snapshot(proxy, tmp_path / f"late-client-{n}"))

    hits = mirror.hits
    assert len(hits) >= 6, hits  # every file the sources ask for, 404s included
    assert all(count == 1 for count in hits.values()), f"more than one upstream fetch: {hits}"
    clients = CLIENTS_AT_ONCE + CLIENTS_AFTER
    served = (tmp_path / "nginx" / "access.log").read_text(encoding="utf-8").splitlines()
    assert len(served) >= clients * len(hits) * 0.9, "every client asked the proxy itself"
    jgb = [path for path in hits if path.endswith("/jgbcme.csv")]
    assert jgb and sum(1 for line in served if jgb[0] in line) == clients


def test_the_desk_config_allows_every_publisher_host() -> None:
    """The production config's allow-list names every host the sources fetch from."""
    hosts = set()
    for module in (ROOT / "jgbtui" / "sources").glob("*.py"):
        hosts |= set(re.findall(r"https://([a-z0-9.-]+)", module.read_text(encoding="utf-8")))
    allowed = set(re.findall(r"^\s+([a-z0-9.-]+\.[a-z]+)\s+1;", DESK_CONFIG.read_text(), re.M))
    assert hosts and hosts <= allowed, hosts - allowed
