"""Parsed frames kept on disk, keyed by the payload's hash: a warm start loads, never re-parses.

A frame is stored as one uncompressed ``.npz`` file (NumPy's own format, read with
``allow_pickle=False``, so loading can never run code): each column as a plain array, dates
as int64 nanoseconds with their time zone, text as a JSON list, and a small JSON header that
says how to put the frame back together. The key joins the payload's SHA-256 with the
parser's identity (its module's source, so a changed parser never reads an old frame).

Only what pandas itself round-trips exactly is stored: float, int, bool, tz-aware or naive
datetimes, text (or missing) in columns; a DatetimeIndex or RangeIndex. Anything else is
simply not stored and parsed as before. Every write is atomic; a damaged file is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: Bump when the layout below changes.
LAYOUT = 1


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
    """Which parser this is, down to its module's source (a changed parser is a new one)."""
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
        return self.root / f"{payload_sha256[:32]}-{who}.npz"

    def load(self, payload_sha256: str, parse: Callable[[bytes], object]) -> pd.DataFrame | None:
        """The stored frame, or ``None`` (absent, damaged or unreadable)."""
        try:
            with np.load(self.path(payload_sha256, parse), allow_pickle=False) as archive:
                return _frame_from(archive)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def prune(self, keep: int = 96) -> None:
        """Drop all but the ``keep`` most recently written frames (old payloads' frames)."""
        with contextlib.suppress(OSError):
            files = sorted(self.root.glob("*.npz"), key=lambda f: f.stat().st_mtime)
            for old in files[: max(0, len(files) - keep)]:
                with contextlib.suppress(OSError):
                    old.unlink()

    def save(self, payload_sha256: str, parse: Callable[[bytes], object], value: object) -> bool:
        """Store ``value`` if it is a frame this format round-trips exactly; never raises."""
        if not isinstance(value, pd.DataFrame):
            return False
        try:
            arrays = _arrays_of(value)
        except (TypeError, ValueError):
            return False
        target = self.path(payload_sha256, parse)
        buffer = io.BytesIO()
        np.savez(buffer, allow_pickle=False, **arrays)
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temporary.write_bytes(buffer.getvalue())
            os.replace(temporary, target)
            return True
        return False


# --------------------------------------------------------------------------- encoding


def _encode(values: pd.Series | pd.Index) -> tuple[dict[str, Any], np.ndarray]:
    dtype = values.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        stamps = pd.DatetimeIndex(values).as_unit("ns")
        return {"kind": "datetime", "tz": str(dtype.tz)}, stamps.asi8.copy()
    if pd.api.types.is_datetime64_dtype(dtype):
        stamps = pd.DatetimeIndex(values).as_unit("ns")
        return {"kind": "datetime", "tz": None}, stamps.asi8.copy()
    if pd.api.types.is_bool_dtype(dtype) and dtype == np.bool_:
        return {"kind": "plain"}, np.asarray(values, dtype=np.bool_)
    if dtype in (np.float64, np.int64, np.float32, np.int32):
        return {"kind": "plain"}, np.asarray(values)
    if isinstance(dtype, pd.Int64Dtype):
        # Nullable integers (issue numbers): the values with 0 where missing, then the mask.
        mask = np.asarray(pd.isna(values), dtype=np.bool_)
        data = np.asarray(pd.Series(values).fillna(0), dtype=np.int64)
        return {"kind": "Int64"}, np.concatenate([data, mask.astype(np.int64)])
    if dtype is np.dtype(object) or pd.api.types.is_string_dtype(dtype):
        texts = [None if _missing(v) else v for v in values]
        if not all(v is None or isinstance(v, str) for v in texts):
            raise TypeError("object column holds something other than text")
        encoded = json.dumps(texts, ensure_ascii=False).encode()
        return {"kind": "text", "dtype": str(dtype)}, np.frombuffer(encoded, dtype=np.uint8)
    raise TypeError(f"unsupported dtype {dtype}")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def _decode(spec: dict[str, Any], array: np.ndarray) -> Any:
    kind = spec["kind"]
    if kind == "datetime":
        index = pd.DatetimeIndex(array.astype("datetime64[ns]"))
        return index.tz_localize("UTC").tz_convert(spec["tz"]) if spec["tz"] else index
    if kind == "Int64":
        half = len(array) // 2
        return pd.arrays.IntegerArray(array[:half].copy(), array[half:].astype(np.bool_))
    if kind == "text":
        texts = json.loads(array.tobytes().decode())
        dtype = spec.get("dtype", "object")
        if dtype == "object":
            return np.array(texts, dtype=object)
        return pd.Series(texts, dtype=dtype).array
    return array


def _arrays_of(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    if not frame.columns.is_unique:
        raise ValueError("duplicate column names")
    header: dict[str, Any] = {
        "columns": [str(c) for c in frame.columns],
        "column_types": [type(c).__name__ for c in frame.columns],
        "columns_name": frame.columns.name,
        "index_name": frame.index.name,
        "specs": [],
    }
    if any(name not in ("str", "int") for name in header["column_types"]):
        raise TypeError("column labels other than text or integers")
    arrays: dict[str, np.ndarray] = {}
    for position, column in enumerate(frame.columns):
        spec, array = _encode(frame[column])
        header["specs"].append(spec)
        arrays[f"c{position}"] = array
    index = frame.index
    if isinstance(index, pd.RangeIndex):
        header["index"] = {"kind": "range", "start": index.start, "stop": index.stop,
                           "step": index.step}  # fmt: skip
    elif isinstance(index, pd.DatetimeIndex):
        spec, array = _encode(index)
        header["index"] = spec
        arrays["index"] = array
    else:
        raise TypeError("index other than dates or a range")
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    return arrays


def _frame_from(archive: Any) -> pd.DataFrame:
    header = json.loads(archive["header"].tobytes().decode())
    index_spec = header["index"]
    if index_spec["kind"] == "range":
        index: pd.Index = pd.RangeIndex(index_spec["start"], index_spec["stop"], index_spec["step"])
    else:
        index = pd.DatetimeIndex(_decode(index_spec, archive["index"]))
    index.name = header["index_name"]
    data = {}
    kinds = zip(header["columns"], header["column_types"], strict=True)
    for position, (name, kind) in enumerate(kinds):
        label: object = int(name) if kind == "int" else name
        values = _decode(header["specs"][position], archive[f"c{position}"])
        # The dtype is given, or pandas would infer "str" for an object column of text.
        data[label] = pd.Series(values, index=index, dtype=values.dtype)
    frame = pd.DataFrame(data, index=index, columns=list(data))
    frame.columns.name = header["columns_name"]
    return frame
