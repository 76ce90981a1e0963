"""timeline: curated, sourced timelines of geopolitical events, filterable by actor."""

from timeline.load import BUNDLED_EVENTS, Dataset, Report, load
from timeline.read import DataFileError

__all__ = ["BUNDLED_EVENTS", "DataFileError", "Dataset", "Report", "load"]
