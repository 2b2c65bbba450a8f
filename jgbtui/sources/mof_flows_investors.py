"""Residents' purchases and sales of foreign long-term bonds by investor type (``monthb3.csv``).

MoF *International Transactions in Securities*, "投資家部門別対外証券投資（中長期債）"
(``shared/docs/data-sources-more.md`` §4). The file tells who in Japan is buying or selling
foreign bonds: the "homecoming" question (are Japan's life insurers, pension trusts and banks
bringing money home as JGB yields rise?). It covers residents' outward investment only.

Layout: CP932, eleven header lines, then one row per month from January 2005::

    col 0  year on January rows ("2005"), else blank
    col 1  Japanese month ("1月", "１月")
    col 2  English month ("Jan") -- what selects a data row
    col 3- 17 (取得 acquisition, 処分 disposition, ネット net) triples, one per sector

The sectors are checked by their Japanese and English header names, column by column
(:data:`SECTORS`), not only by position: a block inserted or moved is a changed file. Each
row is also checked against the accounting identities of the sectors (net = acquisition -
disposition; the totals are sums of their parts) within rounding. ``-`` means not applicable
(e.g. the central bank before 2014) and becomes NaN, never 0. A positive net is net
acquisition; history before 2014 is restated to this sign rule in the file.

Frame ``"monthly"``: index ``month_end`` (Tokyo midnight) and float columns
``{sector}_{acq,disp,net}_jpy_100m`` in 100 million yen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from jgbtui.sources.base import PayloadError
from jgbtui.sources.catalog import MOF_FLOWS_INVESTORS_SPEC
from jgbtui.sources.mof_flows_monthly import english_month, year_of
from jgbtui.sources.mof_its import (
    ITS_BASE_URL,
    check_unit,
    its_rows,
    normalise_cell,
    parse_number,
)
from jgbtui.sources.parsing import MISSING_MARKERS, tz_index
from jgbtui.sources.schedule import month_end
from jgbtui.sources.source import SingleFileSource

NAME = MOF_FLOWS_INVESTORS_SPEC.name
URL = ITS_BASE_URL + "monthb3.csv"
DEMO_FILE = "DEMO_SYNTHETIC_monthb3.csv"
LABEL_COLUMNS = 3
FIELDS = ("acq", "disp", "net")


@dataclass(frozen=True)
class Sector:
    """One investor block: its column stem and its names in the file's header."""

    key: str
    japanese: str
    english: str
    """A fragment of the English header (lower case, spaces removed)."""
    title: str
    """How the app names it."""


SECTORS: tuple[Sector, ...] = (
    Sector("total", "各部門計", "", "all residents"),
    Sector("public", "公的部門", "publicsector", "public sector"),
    Sector("central_bank", "中央銀行", "centralbank", "central bank"),
    Sector("general_government", "一般政府", "generalgovernment", "general government"),
    Sector("deposit_taking", "預金取扱機関", "deposit-takingcorporations", "deposit-taking"),
    Sector("banks", "銀行等(銀行勘定)", "banks(bankingaccounts)", "banks (banking accounts)"),
    Sector(
        "trust_banks_banking",
        "信託銀行(銀行勘定)",
        "trustbanks(bankingaccounts)",
        "trust banks (banking accounts)",
    ),
    Sector("other_sectors", "その他部門", "othersectors", "other sectors"),
    Sector("other_financial", "その他金融機関", "otherfinancialcorporations", "other financial"),
    Sector(
        "trust_accounts_all",
        "銀行等及び信託銀行(信託勘定)",
        "banksandtrustbanks(trustaccounts)",
        "banks and trust banks (trust accounts)",
    ),
    Sector(
        "banks_trust_accounts",
        "銀行等(信託勘定)",
        "banks(trustaccounts)",
        "banks (trust accounts)",
    ),
    Sector(
        "trust_accounts",
        "信託銀行(信託勘定)",
        "trustbanks(trustaccounts)",
        "trust banks (trust accounts): pensions",
    ),
    Sector("securities_firms", "金融商品取引業者", "financialinstrumentsfirms", "securities firms"),
    Sector("life_insurers", "生命保険会社", "lifeinsurancecompanies", "life insurers"),
    Sector("nonlife_insurers", "損害保険会社", "non-lifeinsurancecompanies", "non-life insurers"),
    Sector(
        "investment_trusts",
        "投資信託委託会社等",
        "investmenttrustmanagementcompanies",
        "investment trusts",
    ),
    Sector("others", "その他", "others", "others"),
)
VALUE_WIDTH = 3 * len(SECTORS)
COLUMNS: tuple[str, ...] = tuple(
    f"{sector.key}_{field}_jpy_100m" for sector in SECTORS for field in FIELDS
)

#: Sum identities between the sectors' nets: parent = sum of parts.
IDENTITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("public", ("central_bank", "general_government")),
    ("deposit_taking", ("banks", "trust_banks_banking")),
    ("trust_accounts_all", ("banks_trust_accounts", "trust_accounts")),
    (
        "other_financial",
        (
            "trust_accounts_all",
            "securities_firms",
            "life_insurers",
            "nonlife_insurers",
            "investment_trusts",
        ),
    ),
    ("other_sectors", ("other_financial", "others")),
    ("total", ("public", "deposit_taking", "other_sectors")),
)

_TRIPLE_JA = ("取得", "処分", "ネット")
_TRIPLE_EN = ("acquisition", "disposition", "net")


def _compact(text: str) -> str:
    return normalise_cell(text).lower().replace(" ", "")


def check_blocks(header: Sequence[Sequence[str]], source: str = NAME) -> None:
    """Check every sector block by its header names: Japanese name, English name, and the
    acquisition / disposition / net labels of its three columns.

    Raises:
        PayloadError: naming the first block whose header does not read as expected.
    """
    for number, sector in enumerate(SECTORS):
        at = LABEL_COLUMNS + 3 * number
        names = [normalise_cell(row[at]) for row in header if at < len(row) and row[at].strip()]
        compact = [_compact(name) for name in names]
        if sector.japanese not in names or (
            sector.english and not any(sector.english in name for name in compact)
        ):
            raise PayloadError(
                source,
                f"column {at + 1} should start the block {sector.japanese} "
                f"({sector.title}) but reads {' / '.join(names)[:80]!r} (changed layout)",
            )
        for offset, (ja, en) in enumerate(zip(_TRIPLE_JA, _TRIPLE_EN, strict=True)):
            labels = {_compact(row[at + offset]) for row in header if at + offset < len(row)}
            if ja not in labels or en not in labels:
                raise PayloadError(
                    source,
                    f"column {at + offset + 1} ({sector.title}) is not the {en} column "
                    "(changed layout)",
                )


#: Slack (100 million yen) for net = acquisition - disposition: each figure is rounded on its
#: own, and an aggregate's gross figures are sums of rounded parts (the file's largest gap is
#: 4, "other financial corporations" in October 2009). A shifted column is off by thousands.
NET_TOLERANCE = 5.0


def _check_identities(values: dict[str, float], source: str, label: str) -> None:
    """Net = acquisition - disposition, and each total = the sum of its parts (rounding).

    A sum whose parent or a part is not applicable (``-``) is not checked: before 2014 the
    file reports some totals without their split.
    """
    for sector in SECTORS:
        acq, disp, net = (values[f"{sector.key}_{f}_jpy_100m"] for f in FIELDS)
        if abs(net - (acq - disp)) > NET_TOLERANCE:  # NaN never exceeds: '-' skips it
            raise PayloadError(
                source,
                f"row {label}: {sector.title} net {net:,.0f} is not acquisition - disposition "
                f"{acq - disp:,.0f} (columns shifted?)",
            )
    for parent, parts in IDENTITIES:
        total = values[f"{parent}_net_jpy_100m"]
        summed = sum(values[f"{p}_net_jpy_100m"] for p in parts)
        if math.isnan(total) or math.isnan(summed):
            continue
        # Every published figure is rounded on its own: one unit of slack per part.
        if abs(total - summed) > len(parts) + 1.0:
            raise PayloadError(
                source,
                f"row {label}: {parent} net {total:,.0f} is not the sum of its parts "
                f"{summed:,.0f} (columns shifted?)",
            )


def parse_monthb3_csv(raw: bytes, source: str = NAME) -> pd.DataFrame:
    """Parse ``monthb3.csv`` bytes into the ``"monthly"`` frame (see the module docstring).

    Raises:
        PayloadError: HTML, empty, not CP932, unit line missing, a sector block whose
            header names changed, a month row with the wrong number of cells or a
            non-numeric value, figures that break the identities, or no published month.
    """
    rows = its_rows(raw, source)
    first_data = next(
        (i for i, row in enumerate(rows) if len(row) > 2 and english_month(row[2]) is not None),
        None,
    )
    if first_data is None:
        raise PayloadError(source, "no monthly data rows found (changed or truncated file?)")
    header = rows[:first_data]
    check_unit(header, source)
    check_blocks(header, source)
    ends: list[date] = []
    records: list[list[float]] = []
    previous: tuple[int, int] | None = None
    for row in rows[first_data:]:
        month = english_month(row[2]) if len(row) > 2 else None
        if month is None:
            continue  # calendar- and fiscal-year totals, footnotes
        year = year_of(row[0], month, previous, source)
        previous = (year, month)
        label = f"{year}-{month:02d}"
        cells = list(row[LABEL_COLUMNS:])
        while len(cells) > VALUE_WIDTH and not cells[-1].strip():
            cells.pop()
        if all(normalise_cell(c) in MISSING_MARKERS for c in cells):
            continue  # listed but not yet published: missing, not zero
        if len(cells) != VALUE_WIDTH:
            raise PayloadError(
                source,
                f"row {label} has {len(cells)} value cells, expected {VALUE_WIDTH} "
                "(truncated or changed file)",
            )
        values: list[float] = []
        for position, cell in enumerate(cells):
            try:
                values.append(parse_number(cell))
            except ValueError:
                raise PayloadError(
                    source,
                    f"row {label}: non-numeric value {cell.strip()[:40]!r} in "
                    f"{COLUMNS[position]} (truncated or changed file)",
                ) from None
        _check_identities(dict(zip(COLUMNS, values, strict=True)), source, label)
        ends.append(month_end(date(year, month, 1)))
        records.append(values)
    if not records:
        raise PayloadError(source, "every month row is blank (nothing published?)")
    index = tz_index(ends, "Asia/Tokyo", name="month_end")
    if not index.is_monotonic_increasing or not index.is_unique:
        raise PayloadError(source, "months are out of order or repeated (changed file?)")
    return pd.DataFrame(records, index=index, columns=list(COLUMNS), dtype="float64")


class MofFlowsInvestors(SingleFileSource):
    """Residents' net purchases of foreign long-term bonds by investor type (monthly)."""

    spec = MOF_FLOWS_INVESTORS_SPEC
    url = URL
    frame_key = "monthly"
    demo_file = DEMO_FILE
    detail = "residents' foreign long-term bonds by investor type"

    def parse(self, raw: bytes) -> pd.DataFrame:
        """Parse ``monthb3.csv`` bytes; see :func:`parse_monthb3_csv`."""
        return parse_monthb3_csv(raw, self.name)
