"""Parsed frames kept on disk, keyed by the payload's hash: a warm start loads, never re-parses.

A frame is stored as one file: a JSON header that says how to put the frame back together,
then raw little-endian arrays (all float columns as one block, dates as int64 nanoseconds
with their time zone, nullable integers with their mask, text as a JSON list) and a CRC-32
of them. Loading reads bytes and JSON only (nothing is unpickled or evaluated), checks the
CRC and builds the frame from the block without copying column by column. The key joins
the payload's SHA-256 with the parser's identity (its module's source, so a changed parser
never reads an old frame).

Only what pandas itself round-trips exactly is stored: float, int, bool, tz-aware or naive
datetimes, text (or missing) in columns; a DatetimeIndex or RangeIndex. Anything else is
simply not stored and parsed as before. Every write is atomic; a damaged file is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import zlib
from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: Bump when the layout below changes.
LAYOUT = 2
_MAGIC = b"JGBTUI-FRAME\n"


@lru_cache(maxsize=64)
def _module_digest(module_name: str) -> str:
    module = sys.modules.get(module_name)
    path = getattr(module, "__file__", None)
    if not path:
        return "unknown"
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return "unknown"


def parser_identity(parse: Callable[[bytes], object]) -> str:
    """Which parser this is, down to its module's source (a changed parser is a new one).

    A :func:`~functools.partial` is its function and its bound arguments: its ``repr`` holds
    a memory address, which would make every start miss the frames stored by the last one
    (and parse the auction pages again, loading lxml).
    """
    if isinstance(parse, partial):
        bound = [repr(a) for a in parse.args]
        bound += [f"{k}={v!r}" for k, v in sorted(parse.keywords.items())]
        return f"{parser_identity(parse.func)}({', '.join(bound)})"
    module = getattr(parse, "__module__", "?")
    name = getattr(parse, "__qualname__", repr(parse))
    return f"{module}.{name}@{_module_digest(module)}#{LAYOUT}"


class FrameStore:
    """Load and save parsed frames under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, payload_sha256: str, parse: Callable[[bytes], object]) -> Path:
        """Where the frame parsed by ``parse`` from the payload with this hash is kept."""
        who = hashlib.sha256(parser_identity(parse).encode()).hexdigest()[:16]
        return self.root / f"{payload_sha256[:32]}-{who}.frame"

    def load(self, payload_sha256: str, parse: Callable[[bytes], object]) -> pd.DataFrame | None:
        """The stored frame, or ``None`` (absent, damaged or unreadable)."""
        try:
            raw = self.path(payload_sha256, parse).read_bytes()
            return _decode_frame(raw)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def prune(self, keep: int = 96) -> None:
        """Drop all but the ``keep`` most recently written frames (old payloads' frames)."""
        with contextlib.suppress(OSError):
            files = sorted(self.root.glob("*.frame"), key=lambda f: f.stat().st_mtime)
            for old in files[: max(0, len(files) - keep)]:
                with contextlib.suppress(OSError):
                    old.unlink()

    def save(self, payload_sha256: str, parse: Callable[[bytes], object], value: object) -> bool:
        """Store ``value`` if it is a frame this format round-trips exactly; never raises."""
        if not isinstance(value, pd.DataFrame):
            return False
        try:
            encoded = _encode_frame(value)
        except (TypeError, ValueError):
            return False
        target = self.path(payload_sha256, parse)
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temporary.write_bytes(encoded)
            os.replace(temporary, target)
            return True
        return False


# --------------------------------------------------------------------------- encoding


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def _column(values: pd.Series) -> tuple[dict[str, Any], np.ndarray]:
    """How one column is stored: its spec and its bytes as an array."""
    dtype = values.dtype
    if isinstance(dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(dtype):
        stamps = pd.DatetimeIndex(values).as_unit("ns")
        tz = str(dtype.tz) if isinstance(dtype, pd.DatetimeTZDtype) else None
        return {"kind": "datetime", "tz": tz}, stamps.asi8
    if dtype in (np.int64, np.bool_):
        return {"kind": "plain", "dtype": str(dtype)}, np.asarray(values)
    if isinstance(dtype, pd.Int64Dtype):
        mask = np.asarray(pd.isna(values), dtype=np.int64)
        data = np.asarray(pd.Series(values).fillna(0), dtype=np.int64)
        return {"kind": "Int64"}, np.concatenate([data, mask])
    if dtype is np.dtype(object) or pd.api.types.is_string_dtype(dtype):
        texts = [None if _missing(v) else v for v in values]
        if not all(v is None or isinstance(v, str) for v in texts):
            raise TypeError("object column holds something other than text")
        encoded = json.dumps(texts, ensure_ascii=False).encode()
        return {"kind": "text", "dtype": str(dtype)}, np.frombuffer(encoded, dtype=np.uint8)
    raise TypeError(f"unsupported dtype {dtype}")


def _encode_frame(frame: pd.DataFrame) -> bytes:
    if not frame.columns.is_unique:
        raise ValueError("duplicate column names")
    labels = list(frame.columns)
    if not all(isinstance(c, str) for c in labels):
        raise TypeError("column labels other than text")
    floats = [c for c in labels if frame[c].dtype == np.float64]
    blobs: list[np.ndarray] = []
    specs: dict[str, Any] = {}
    if floats:
        # One (columns x rows) block: each column contiguous, read back without a copy each.
        blobs.append(np.ascontiguousarray(frame[floats].to_numpy(dtype=np.float64).T))
    for column in labels:
        if column not in floats:
            spec, array = _column(frame[column])
            spec["blob"] = len(blobs)
            specs[column] = spec
            blobs.append(np.ascontiguousarray(array))
    index = frame.index
    if isinstance(index, pd.RangeIndex):
        index_spec: dict[str, Any] = {"kind": "range", "start": index.start, "stop": index.stop,
                                      "step": index.step}  # fmt: skip
    elif isinstance(index, pd.DatetimeIndex):
        index_spec, array = _column(pd.Series(index))
        index_spec["blob"] = len(blobs)
        blobs.append(np.ascontiguousarray(array))
    else:
        raise TypeError("index other than dates or a range")
    layout = []
    offset = 0
    for blob in blobs:
        layout.append({"dtype": blob.dtype.str, "shape": list(blob.shape), "offset": offset})
        offset += blob.nbytes
    data = b"".join(blob.tobytes() for blob in blobs)
    header = {
        "columns": labels,
        "floats": floats,
        "specs": specs,
        "index": index_spec,
        "index_name": index.name,
        "columns_name": frame.columns.name,
        "rows": len(frame),
        "blobs": layout,
        "crc32": zlib.crc32(data),
        "length": len(data),
    }
    head = json.dumps(header).encode()
    return _MAGIC + len(head).to_bytes(8, "little") + head + data


def _decode_frame(raw: bytes) -> pd.DataFrame:
    if not raw.startswith(_MAGIC):
        raise ValueError("not a stored frame")
    start = len(_MAGIC)
    size = int.from_bytes(raw[start : start + 8], "little")
    header = json.loads(raw[start + 8 : start + 8 + size])
    data = memoryview(raw)[start + 8 + size :]
    if len(data) != header["length"] or zlib.crc32(data) != header["crc32"]:
        raise ValueError("damaged stored frame")

    def blob(number: int) -> np.ndarray:
        spec = header["blobs"][number]
        count = int(np.prod(spec["shape"])) if spec["shape"] else 1
        array = np.frombuffer(data, dtype=np.dtype(spec["dtype"]), count=count,
                              offset=spec["offset"])  # fmt: skip
        return array.reshape(spec["shape"]).copy()  # a private, writable copy

    index_spec = header["index"]
    if index_spec["kind"] == "range":
        index: pd.Index = pd.RangeIndex(index_spec["start"], index_spec["stop"], index_spec["step"])
    else:
        index = pd.DatetimeIndex(_values(index_spec, blob(index_spec["blob"])))
    index.name = header["index_name"]
    floats = header["floats"]
    # copy=False: the block is already a private copy; pandas would copy it a second time.
    frame = pd.DataFrame(blob(0).T, index=index, columns=floats, copy=False) if floats else None
    others = {
        column: pd.Series(values, index=index, dtype=values.dtype)
        for column, spec in header["specs"].items()
        if (values := _values(spec, blob(spec["blob"]))) is not None
    }
    if frame is None:
        frame = pd.DataFrame(others, index=index)
    elif others:
        frame = pd.concat([frame, pd.DataFrame(others, index=index)], axis=1)
    frame = frame[header["columns"]] if list(frame.columns) != header["columns"] else frame
    frame.columns.name = header["columns_name"]
    return frame


def _values(spec: dict[str, Any], array: np.ndarray) -> Any:
    kind = spec["kind"]
    if kind == "datetime":
        stamps = pd.DatetimeIndex(array.astype("datetime64[ns]"))
        return stamps.tz_localize("UTC").tz_convert(spec["tz"]) if spec["tz"] else stamps
    if kind == "Int64":
        half = len(array) // 2
        return pd.arrays.IntegerArray(array[:half].copy(), array[half:].astype(np.bool_))
    if kind == "text":
        texts = json.loads(array.tobytes().decode())
        if spec["dtype"] == "object":
            return np.array(texts, dtype=object)
        return pd.Series(texts, dtype=spec["dtype"]).array
    return array.astype(np.dtype(spec["dtype"]), copy=False)
