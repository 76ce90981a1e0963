"""The cited brief as a Word document (.docx, python-docx): the same brief as `brief.markdown`.

Text from the data goes into runs as plain text, so nothing in it becomes a field, a link or a
style; characters XML cannot hold are dropped. Only the sources' http(s) addresses become links.
"""

from __future__ import annotations

import io

import docx
from docx.document import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

from timeline.brief import (
    Brief,
    Cited,
    chart_missing,
    citations,
    clean,
    day,
    more_in_view,
    web_address,
)
from timeline.chronology import Source

_PAGE_WIDTH = Inches(6.5)  # Letter or A4 with one-inch margins
_GREY = RGBColor(0x59, 0x59, 0x59)
_LINK = RGBColor(0x05, 0x63, 0xC1)


def docx_bytes(brief: Brief) -> bytes:
    """The brief as the bytes of a .docx file."""
    document = docx.Document()
    document.core_properties.title = clean(brief.title)
    document.core_properties.author = "timeline"
    _front(document, brief)
    document.add_heading("Events", level=1)
    for cited in brief.events:
        _event(document, cited)
    if brief.left_out:
        note = document.add_paragraph().add_run(more_in_view(brief))
        note.italic = True
        note.font.highlight_color = WD_COLOR_INDEX.YELLOW
    document.add_heading("Sources", level=1)
    for number, source in enumerate(brief.sources, start=1):
        _source(document, number, source)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _front(document: Document, brief: Brief) -> None:
    """Title, filters, export date, dataset and counts, then the chart or why it is missing."""
    document.add_heading(clean(brief.title), level=0)
    _labelled(document.add_paragraph(), "Filters: ", brief.filters)
    facts = document.add_paragraph()
    _labelled(facts, "Exported: ", day(brief.exported))
    _labelled(facts, " · Dataset: ", brief.dataset)
    _labelled(facts, " · In this brief: ", brief.counts)
    if brief.chart is None:
        return
    if brief.chart.png:
        document.add_picture(io.BytesIO(brief.chart.png), width=_PAGE_WIDTH)
    else:
        document.add_paragraph().add_run(clean(chart_missing(brief.chart))).italic = True


def _event(document: Document, cited: Cited) -> None:
    """Date and title, then actors, type and status, then the description and citations."""
    entry = cited.entry
    heading = _kept_with_next(document.add_paragraph())
    heading.add_run(clean(entry.when)).bold = True
    heading.add_run("  ")
    heading.add_run(clean(entry.title)).bold = True
    about = _kept_with_next(document.add_paragraph())
    facts = [", ".join(entry.actors), entry.event_type, entry.status]
    meta = about.add_run(clean(" · ".join(fact for fact in facts if fact)))
    meta.italic = True
    meta.font.color.rgb = _GREY
    body = document.add_paragraph()
    if entry.description:
        body.add_run(clean(entry.description) + " ")
    body.add_run(citations(cited)).font.color.rgb = _GREY


def _kept_with_next(paragraph: Paragraph) -> Paragraph:
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _source(document: Document, number: int, source: Source) -> None:
    """`[n]  Outlet: address`, the address a link when it is an http(s) one."""
    line = document.add_paragraph()
    line.paragraph_format.left_indent = Inches(0.4)
    line.paragraph_format.first_line_indent = Inches(-0.4)
    line.add_run(f"[{number}]\t{clean(source.label)}")
    if not source.url:
        line.add_run(" (no address given)")
        return
    line.add_run(": ")
    safe = web_address(source.url)
    if safe:
        _link(line, safe, clean(source.url))
    else:
        line.add_run(clean(source.url))


def _labelled(paragraph: Paragraph, label: str, text: str) -> None:
    paragraph.add_run(label).bold = True
    paragraph.add_run(clean(text))


def _link(paragraph: Paragraph, url: str, text: str) -> None:
    """A clickable external link (python-docx has no call for one: built as its XML)."""
    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), str(_LINK))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.extend([colour, underline])
    run.append(properties)
    shown = OxmlElement("w:t")
    shown.text = text
    shown.set(qn("xml:space"), "preserve")
    run.append(shown)
    link.append(run)
    paragraph._p.append(link)
