"""A real HTTP server on 127.0.0.1 serving files in the mirror layout ``/HOST/PATH``.

Used by the end-to-end tests and, by hand, to try the app against the real published files::

    python tests/mirror.py --real ../shared/data/real --port 8765 [--synthetic]

then ``jgbtui --mirror http://127.0.0.1:8765``. A request ``/HOST/PATH?QUERY`` is answered
from the file ``ROOT/HOST/PATH?QUERY`` if it exists (for APIs whose query selects the data),
else from ``ROOT/HOST/PATH``. ``Last-Modified``/``If-Modified-Since`` work as in
:class:`http.server.SimpleHTTPRequestHandler`, so conditional requests are exercised too.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import threading
import zipfile
from collections import Counter
from collections.abc import Mapping
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"

MOF_RATES = "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate"
MOF_ITS = (
    "https://www.mof.go.jp/policy/international_policy/reference/itn_transactions_in_securities"
)
MOF_WORKBOOK = (
    "https://www.mof.go.jp/english/policy/jgbs/auction/past_auction_results/"
    "Auction_Results_for_JGBs.xls"
)
BOJ_API = "https://www.stat-search.boj.or.jp/api/v1"
STAT_CPI = "https://www.stat.go.jp/data/cpi"
UST_2025 = (
    "https://home.treasury.gov/resource-center/data-chart-center/interest-rates/"
    "daily-treasury-rates.csv/2025/all"
)

#: Official URL -> file name in shared/data/real (served as published).
REAL_FILES: dict[str, str] = {
    f"{MOF_RATES}/jgbcme.csv": "mof_jgbcme_current_en_2026-09.csv",
    f"{MOF_RATES}/historical/jgbcme_all.csv": "mof_jgbcme_all_en.csv",
    "https://www.mof.go.jp/jgbs/reference/interest_rate/jgbcm.csv": (
        "mof_jgbcm_current_ja_sjis_2025-10.csv"
    ),
    "https://fred.stlouisfed.org/graph/fredgraph.csv": "fred_DEXJPUS_newformat_2015-2025.csv",
    UST_2025: "ust_daily_par_yield_curve_2025.csv",
    f"{MOF_ITS}/week.csv": "mof_itn_week_cp932_2026-08-06.csv",
    f"{MOF_ITS}/montha1.csv": "mof_itn_montha1_cp932_2026-08.csv",
    f"{MOF_ITS}/monthb3.csv": "mof_itn_monthb3_investor_ltdebt_cp932_2026-08.csv",
    # The Japanese page's jgb_historical_data.xls; the English page links the same layout.
    MOF_WORKBOOK: "mof_Auction_Results_for_JGBs_2026-06.xls",
    f"{STAT_CPI}/2020/csv/zmi2020aa.csv": "statjp_cpi_zmi2020aa_national_cp932.csv",
    f"{STAT_CPI}/2025/csv/zmi2025aa.csv": "statjp_cpi_zmi2025aa_national_cp932.csv",
    # The BOJ API's JSON answers, under the exact queries they answer (the mirror serves a
    # file named PATH?QUERY for that query only; the app's CSV queries fall through).
    f"{BOJ_API}/getMetadata?format=json&lang=en&db=FM08": "boj_api_getMetadata_FM08.json",
    (
        f"{BOJ_API}/getDataCode?format=json&lang=en&db=FM08"
        "&startDate=202501&endDate=202501&code=FXERD01"
    ): "boj_api_getDataCode_FM08_FXERD01_202501.json",
}
#: Event and macro sources (issue 14): residents' foreign bonds by investor, national CPI.
MOF_ITS_DIR = (
    "https://www.mof.go.jp/policy/international_policy/reference/itn_transactions_in_securities"
)
STAT_CPI_DIR = "https://www.stat.go.jp/data/cpi"
REAL_FILES.update(
    {
        f"{MOF_ITS_DIR}/monthb3.csv": "mof_itn_monthb3_investor_ltdebt_cp932_2026-08.csv",
        f"{STAT_CPI_DIR}/2025/csv/zmi2025aa.csv": "statjp_cpi_zmi2025aa_national_cp932.csv",
        f"{STAT_CPI_DIR}/2020/csv/zmi2020aa.csv": "statjp_cpi_zmi2020aa_national_cp932.csv",
    }
)
ECB_ZIP_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"


def zip_bytes(name: str, content: bytes) -> bytes:
    """A zip archive holding one file, as the ECB publishes its history.

    The member's time stamp is fixed, so the same content always gives the same bytes (as a
    publisher's unchanged file does: validators and the cache compare bytes).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        member = zipfile.ZipInfo(name, date_time=(2025, 5, 9, 16, 0, 0))
        member.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(member, content)
    return buffer.getvalue()


def real_payloads(real_dir: Path) -> dict[str, bytes]:
    """Official URL -> bytes for every real published file we have."""
    payloads = {url: (real_dir / name).read_bytes() for url, name in REAL_FILES.items()}
    ecb = (real_dir / "ecb_eurofxref-hist.csv").read_bytes()
    payloads[ECB_ZIP_URL] = zip_bytes("eurofxref-hist.csv", ecb)
    return payloads


def mirror_path(root: Path, url: str) -> Path:
    """Where ``url`` lives under a mirror root."""
    parts = urlsplit(url)
    relative = parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")
    return root / relative


def write_mirror(root: Path, payloads: Mapping[str, bytes]) -> None:
    """Write ``payloads`` (official URL -> bytes) under ``root`` in the mirror layout."""
    for url, content in payloads.items():
        path = mirror_path(root, url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


class _CountingServer(ThreadingHTTPServer):
    """Counts the requests per path (``/HOST/PATH?QUERY``) that reach the mirror."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.hits: Counter[str] = Counter()
        self.hits_lock = threading.Lock()


class _Handler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        server = self.server
        if isinstance(server, _CountingServer):
            with server.hits_lock:
                server.hits[self.path] += 1
        super().do_GET()

    def translate_path(self, path: str) -> str:
        parts = urlsplit(path)
        root = Path(self.directory)
        plain = root / unquote(parts.path).lstrip("/")
        if parts.query:
            exact = plain.with_name(plain.name + "?" + unquote(parts.query))
            if exact.is_file():
                return str(exact)
            # A file named PATH?NAME=VALUE answers every query carrying that pair (the BOJ
            # API's dates vary with the day; its database names the series' file).
            for pair in unquote(parts.query).split("&"):
                keyed = plain.with_name(plain.name + "?" + pair)
                if "=" in pair and keyed.is_file():
                    return str(keyed)
        return str(plain)

    def log_message(self, format: str, *args: object) -> None:  # quiet in tests
        if os.environ.get("JGBTUI_MIRROR_LOG"):
            super().log_message(format, *args)


class MirrorServer:
    """Serve ``root`` on 127.0.0.1 in a background thread; use as a context manager."""

    def __init__(self, root: Path, port: int = 0) -> None:
        handler = partial(_Handler, directory=str(root))
        self.httpd = _CountingServer(("127.0.0.1", port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def hits(self) -> Counter[str]:
        """Requests that reached this server, per path (a copy)."""
        with self.httpd.hits_lock:
            return Counter(self.httpd.hits)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> MirrorServer:
        """Start serving in the background."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def synthetic_payloads() -> dict[str, bytes]:
    """Official URL -> bytes of the synthetic fixtures for sources with no real file here.

    Each fixture directory may hold a ``urls.txt`` with lines ``<file> <official URL>``.
    """
    payloads: dict[str, bytes] = {}
    for listing in sorted(FIXTURES.glob("*/urls.txt")):
        for line in listing.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, url = line.split(maxsplit=1)
                payloads[url.strip()] = (listing.parent / name).read_bytes()
    return payloads


def main() -> None:
    """Serve a mirror of the real files (and optionally the synthetic fixtures) until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=HERE.parent.parent / "shared/data/real")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--root", type=Path, default=Path("/tmp/jgbtui-mirror"))
    parser.add_argument(
        "--synthetic",
        action="store_true",
        help="also serve the SYNTHETIC fixtures for sources that have no real file",
    )
    args = parser.parse_args()
    payloads = real_payloads(args.real)
    if args.synthetic:
        payloads = {**synthetic_payloads(), **payloads}
    write_mirror(args.root, payloads)
    server = MirrorServer(args.root, args.port)
    print(f"serving {len(payloads)} files from {args.root} at {server.base_url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.httpd.serve_forever()


if __name__ == "__main__":
    main()
