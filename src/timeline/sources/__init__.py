"""Sources: the registry of cited outlets, each event's source strength, the policy report."""

from timeline.sources.links import LinkResult, check_link, check_links
from timeline.sources.registry import BUNDLED_SOURCES, load_sources, registered_domain
from timeline.sources.report import SourcesReport, render, source_report
from timeline.sources.strength import citations, strength

__all__ = [
    "BUNDLED_SOURCES",
    "LinkResult",
    "SourcesReport",
    "check_link",
    "check_links",
    "citations",
    "load_sources",
    "registered_domain",
    "render",
    "source_report",
    "strength",
]
