"""Which data the page shows: the shared file (cached, last good version kept) or an upload."""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import os
import sys
from pathlib import Path

import pyarrow as pa
import streamlit as st

from timeline import safe
from timeline.dataset import Dataset
from timeline.engines import layout
from timeline.load import BUNDLED_EVENTS, load
from timeline.read import DataFileError


def data_path() -> Path:
    """The events file: `-- --data PATH`, else $TIMELINE_DATA, else the bundled data."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    arguments, _ = parser.parse_known_args(sys.argv[1:])
    chosen = arguments.data or os.environ.get("TIMELINE_DATA")
    return Path(chosen) if chosen else BUNDLED_EVENTS


@st.cache_resource(show_spinner=False, max_entries=8)
def cached_load(path: str, version: tuple[int, int]) -> Dataset:
    """One load per file version, shared by every session by reference: never mutate it."""
    del version  # part of the cache key only: a changed file is loaded again
    if path.endswith(".parquet") and layout.is_converted(Path(path)):
        # `timeline convert` validated it, with its own registry: read as the engines read it.
        try:
            dataset = layout.read_dataset(Path(path))
        except (pa.ArrowException, KeyError) as error:  # a damaged or partial layout
            message = f"{Path(path).name}: its converted files cannot be read ({error})"
            raise DataFileError(message) from None
    else:
        dataset = load(path)
    _return_freed_memory()
    return dataset


def _return_freed_memory() -> None:
    """Hand back what loading freed and the allocators keep (a 1e6 load: 1.8 -> 0.6 GB)."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


# The last version of each data file that loaded, shared by every session: when the file is
# deleted or broken while the app runs, pages keep showing it (with a warning) instead of stopping.
_LAST_GOOD: dict[str, Dataset] = {}


def load_data(path: Path) -> Dataset:
    """The dataset at `path`; if it has become unreadable, the last version read, with a warning.

    Stops the page with a clear message only when no version of the file was ever read.
    """
    try:
        stat = path.stat()
        with st.spinner(f"Loading {safe.markdown(path.name)} …"):
            dataset = cached_load(str(path), (stat.st_mtime_ns, stat.st_size))
    except OSError as error:
        problem = (
            f"**The data file cannot be opened.** {safe.markdown(path)}: "
            f"{safe.markdown(error.strerror)}"
        )
    except DataFileError as error:
        problem = f"**The data file cannot be read.** {safe.markdown(error)}"
    else:
        _LAST_GOOD[str(path)] = dataset
        return dataset
    last = _LAST_GOOD.get(str(path))
    if last is None:
        st.error(problem)
        st.stop()
    st.warning(f"{problem} Showing the last version read, from {safe.markdown(last.report.name)}.")
    return last


def uploaded_data() -> Dataset | None:
    """An analyst's own file, loaded for this browser session only; None to use the shared data."""
    limit = st.get_option("server.maxUploadSize")
    with st.sidebar:
        upload = st.file_uploader(
            f"Your own data (CSV, XLSX or Parquet, up to {limit} MB)",
            type=["csv", "xlsx", "parquet"],
            key="upload",
            help="Seen only in this browser session; the shared data is never changed. "
            "ACLED exports are recognised by their columns.",
        )
    if upload is None:
        st.session_state.pop("uploaded", None)
        return None
    kept = st.session_state.get("uploaded")
    if kept and kept[0] == upload.file_id:
        return kept[1]
    with st.spinner(f"Checking {safe.markdown(upload.name)} …"):
        try:
            dataset = load(upload.getvalue(), name=upload.name)
        except DataFileError as error:
            st.error(
                f"**Your file cannot be read; showing the bundled data.** {safe.markdown(error)}"
            )
            return None
    st.session_state["uploaded"] = (upload.file_id, dataset)
    return dataset
