"""A cited brief of the events in view: what an analyst hands on, with every source numbered.

`build` gathers the brief once (title, the filters in words, export date, dataset, the events
as dated entries citing numbered sources, each source listed once, and the chart or why it is
missing); `markdown` and `brief_word.docx_bytes` write the same brief in two formats.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from timeline import chronology, schema
from timeline.chronology import Entry, Source
from timeline.filters import MATCH_ALL, View
from timeline.snapshot import Snapshot

#: Events a brief lists; past it, the brief says how many more are in view.
MAX_EVENTS = 1_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^])")


@dataclass(frozen=True)
class Cited:
    """One event of the brief and the numbers of the sources it cites."""

    entry: Entry
    citations: tuple[int, ...]


@dataclass(frozen=True)
class Brief:
    """Everything a brief says, in the order it says it."""

    title: str
    filters: str  # the view in words
    exported: dt.date
    dataset: str
    events: tuple[Cited, ...]
    sources: tuple[Source, ...]  # source n is sources[n - 1]
    in_view: int  # events in view; more than len(events) when the brief stops at MAX_EVENTS
    chart: Snapshot | None = None  # None: no chart was asked for

    @property
    def left_out(self) -> int:
        return self.in_view - len(self.events)

    @property
    def counts(self) -> str:
        """`23 events` or `the first 1,000 of 4,210 events`, and the number of sources."""
        listed = len(self.events)
        events = _count(listed, "event")
        if self.left_out:
            events = f"the first {listed:,} of {self.in_view:,} events in view"
        return f"{events}, {_count(len(self.sources), 'source')}"


def build(
    events: pd.DataFrame,
    *,
    view: View,
    dataset: str,
    in_view: int | None = None,
    chart: Snapshot | None = None,
    on: dt.date | None = None,
) -> Brief:
    """The brief of `events` (in view, chronological; only the first MAX_EVENTS are listed).

    `in_view` is how many events the view holds when `events` is already cut to the first
    MAX_EVENTS (so a million events are never copied for a brief); `on` is the export date.
    """
    entries = chronology.entries(events.head(MAX_EVENTS))
    listed: list[Source] = []
    numbers: dict[str | Source, int] = {}  # one address is one source, whatever its outlet
    cited = []
    for entry in entries:
        cites = []
        for source in entry.sources:
            key = source.url or source
            if key not in numbers:
                listed.append(source)
                numbers[key] = len(listed)
            if numbers[key] not in cites:
                cites.append(numbers[key])
        cited.append(Cited(entry, tuple(cites)))
    return Brief(
        title=title(view),
        filters=in_words(view),
        exported=on or dt.date.today(),
        dataset=dataset,
        events=tuple(cited),
        sources=tuple(listed),
        in_view=len(events) if in_view is None else in_view,
        chart=chart,
    )


def title(view: View) -> str:
    """e.g. `Timeline brief: Iran, 27 Sep – 10 Nov 2020`."""
    who = (" and " if view.match == MATCH_ALL else ", ").join(view.actors) or "all actors"
    return f"Timeline brief: {who}" + (f", {dates(view)}" if view.start or view.end else "")


def dates(view: View) -> str:
    start = day(view.start) if view.start else "the first event"
    end = day(view.end) if view.end else "the last event"
    return f"{start} – {end}"


def day(date: dt.date) -> str:
    """e.g. `2 Dec 2026`, the way the chronology writes dates."""
    return f"{date.day} {date:%b %Y}"


def in_words(view: View) -> str:
    """The filters of `view` as a sentence, e.g. `Events naming Iran (with its officials); …`."""
    parts = []
    if view.actors:
        joined = (" and " if view.match == MATCH_ALL else " or ").join(view.actors)
        officials = " (each with its affiliated officials)" if view.affiliates else ""
        parts.append(f"naming {joined}{officials}")
    if view.types:
        kinds = " or ".join(schema.event_type_label(kind) for kind in view.types)
        parts.append(f"of type {kinds}")
    if view.statuses:
        parts.append("with status " + " or ".join(schema.status_label(s) for s in view.statuses))
    if view.theatre:
        parts.append(f"in the theatre {view.theatre}")
    if view.start or view.end:
        parts.append(f"dated {dates(view)}")
    if view.text:
        parts.append(f"containing every word of “{view.text}”")
    if not parts:
        return "All events in the dataset (no filters)."
    return "Events " + "; ".join(parts) + "."


def markdown(brief: Brief) -> str:
    """The brief as Markdown in which no text from the data is read as markup."""
    lines = [
        f"# {inert(brief.title)}",
        "",
        f"**Filters:** {inert(brief.filters)}  ",
        f"**Exported:** {day(brief.exported)} · **Dataset:** {inert(brief.dataset)} · "
        f"**In this brief:** {inert(brief.counts)}",
        "",
    ]
    if brief.chart is not None:
        if brief.chart.png:
            lines += ["![Chart of the events in view][chart]", ""]
        else:
            lines += [f"*{inert(chart_missing(brief.chart))}*", ""]
    lines += ["## Events", ""]
    for cited in brief.events:
        entry = cited.entry
        about = " · ".join(
            [", ".join(entry.actors), entry.event_type, entry.status]
            if entry.actors
            else [entry.event_type, entry.status]
        )
        lines.append(f"**{inert(entry.when)}** · **{inert(entry.title)}** · *{inert(about)}*  ")
        body = inert(entry.description) if entry.description else ""
        lines += [" ".join(part for part in (body, citations(cited)) if part), ""]
    if brief.left_out:
        lines += [f"*{inert(more_in_view(brief))}*", ""]
    lines += ["## Sources", ""]
    for number, source in enumerate(brief.sources, start=1):
        lines.append(f"{number}. {inert(source.label)}{_markdown_address(source.url)}")
    if brief.chart is not None and brief.chart.png:
        encoded = base64.b64encode(brief.chart.png).decode("ascii")
        lines += ["", f"[chart]: data:image/png;base64,{encoded}"]
    return "\n".join(lines) + "\n"


def citations(cited: Cited) -> str:
    """`[1] [2]`, or a plain statement that the event cites no source."""
    if not cited.citations:
        return "(no source given)"
    return " ".join(f"[{number}]" for number in cited.citations)


def chart_missing(chart: Snapshot) -> str:
    return f"The chart is not included: {chart.reason}. Open the dashboard's link to see it."


def more_in_view(brief: Brief) -> str:
    return (
        f"{brief.left_out:,} more events are in view but not listed; a brief lists at most "
        f"{MAX_EVENTS:,}. Narrow the filters to brief the rest."
    )


def inert(text: str) -> str:
    """Text from the data made plain for Markdown: no links, images, HTML, emphasis or math."""
    one_line = " ".join(clean(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)


def clean(text: str) -> str:
    """Text without the control characters that XML (and so a .docx) cannot hold."""
    return _CONTROL.sub("", str(text))


def web_address(url: str) -> str | None:
    """An http(s) address made safe to link to, or None when it is not one."""
    if not re.match(r"^https?://[^\s]+$", url):
        return None
    return re.sub(r"[<>()\[\]\"'`\\ ]", lambda char: f"%{ord(char.group()):02X}", url)


def _markdown_address(url: str) -> str:
    if not url:
        return " (no address given)"
    safe = web_address(url)
    return f": <{safe}>" if safe else f": {inert(url)}"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")
