"""The cited brief: numbered citations, each source once, and text from the data kept inert."""

import datetime as dt
import io
import re
import struct
import zipfile
import zlib

import docx
import pytest
from markdown_it import MarkdownIt

from timeline import brief, brief_word, load
from timeline.filters import View
from timeline.snapshot import Snapshot

DAY = dt.date(2026, 12, 2)
EVENTS = """id,date,end_date,title,description,actors,event_type,status,source_url,source_name
a,2020-09-27,,War begins,Fighting starts along the line,Armenia;Azerbaijan,military,confirmed,https://a.org/1 https://b.org/2,Outlet A;Outlet B
b,2020-10?,,Talks are mooted,,Iran,negotiation,claimed,https://b.org/2,Outlet B again
c,2020-10-27,2020-10-31,Shelling near the border,Rounds land in Iran,Iran,incident,disputed,https://c.org/3 https://a.org/1,Outlet C;Outlet A
"""
HOSTILE = (
    "id,date,title,description,actors,source_url,source_name\n"
    'x,2020-10-01,"[click me](javascript:alert(1)) <script>alert(2)</script> **loud**",'
    '"![pixel](https://evil.example/p.png) =HYPERLINK(""https://evil.example"") $x^2$ www.evil.example '
    '# not a heading",Iran,https://ok.example/a,"<b>Outlet</b> [x](https://evil.example)"\n'
)


def dataset(text: str, name: str = "brief.csv"):
    return load(io.StringIO(text), name=name)


@pytest.fixture(scope="module")
def cited() -> brief.Brief:
    events = dataset(EVENTS).events
    view = View(actors=("Iran",), start=dt.date(2020, 9, 27), end=dt.date(2020, 11, 10))
    return brief.build(events, view=view, dataset="brief.csv", on=DAY)


def read_docx(data: bytes) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs]


def test_each_source_is_numbered_once_in_order_of_first_citation(cited):
    assert [source.url for source in cited.sources] == [
        "https://a.org/1",
        "https://b.org/2",
        "https://c.org/3",
    ]
    assert [event.citations for event in cited.events] == [(1, 2), (2,), (3, 1)]


def test_the_brief_names_the_view_the_date_and_the_dataset(cited):
    assert cited.title == "Timeline brief: Iran, 27 Sep 2020 – 10 Nov 2020"
    assert cited.filters == "Events naming Iran; dated 27 Sep 2020 – 10 Nov 2020."
    assert brief.in_words(View()) == "All events in the dataset (no filters)."


def test_the_word_brief_reads_back_with_dated_events_citations_and_sources(cited):
    paragraphs = read_docx(brief_word.docx_bytes(cited))
    text = "\n".join(paragraphs)
    assert paragraphs[0] == cited.title
    assert "Filters: Events naming Iran" in text
    assert "Exported: 2 Dec 2026 · Dataset: brief.csv" in text
    assert any(p.startswith("Oct 2020?  Talks are mooted") for p in paragraphs)
    assert any(p.startswith("27–31 Oct 2020  Shelling near the border") for p in paragraphs)
    sources = paragraphs[paragraphs.index("Sources") + 1 :]
    assert sources == [
        "[1]\tOutlet A: https://a.org/1",
        "[2]\tOutlet B: https://b.org/2",
        "[3]\tOutlet C: https://c.org/3",
    ]
    body = "\n".join(paragraphs[paragraphs.index("Events") : paragraphs.index("Sources")])
    uses = [int(number) for number in re.findall(r"\[(\d+)\]", body)]
    assert uses == [1, 2, 2, 3, 1]  # one citation per source use, in reading order


def test_the_word_brief_links_only_the_sources():
    paragraphs, links = _word(dataset(HOSTILE))
    assert links == ["https://ok.example/a"]
    assert any("[click me](javascript:alert(1)) <script>" in p for p in paragraphs)


def test_the_word_brief_holds_data_as_text_never_as_fields_or_markup():
    # The loader rejects control characters; a brief drops them too, should one get through.
    events = dataset(HOSTILE).events.assign(description="bell\x07 ring")
    data = brief_word.docx_bytes(brief.build(events, view=View(), dataset="h.csv", on=DAY))
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "instrText" not in document and "fldSimple" not in document  # no Word fields
    assert "<script>" not in document and "&lt;script&gt;" in document
    assert "bell ring" in document  # the control character XML cannot hold was dropped


def _word(data):
    made = brief_word.docx_bytes(brief.build(data.events, view=View(), dataset="h.csv", on=DAY))
    document = docx.Document(io.BytesIO(made))
    links = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    return [p.text for p in document.paragraphs], links


def test_the_markdown_brief_renders_no_link_image_html_emphasis_or_heading_from_the_data():
    hostile = dataset(HOSTILE)
    text = brief.markdown(brief.build(hostile.events, view=View(), dataset="h.csv", on=DAY))
    html = MarkdownIt("gfm-like").render(text)
    assert re.findall(r'<a href="([^"]*)"', html) == ["https://ok.example/a"]
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert html.count("<strong>") == 6  # the brief's own labels, date and title only
    assert html.count("<h1>") == 1 and "<em>" in html
    assert "[click me](javascript:alert(1))" in html  # shown as typed
    assert "=HYPERLINK" in html and "$x^2$" in html


def test_the_markdown_brief_cites_like_the_word_brief(cited):
    text = brief.markdown(cited)
    assert re.findall(r"\[(\d+)\]", text.split("## Sources")[0]) == ["1", "2", "2", "3", "1"]
    assert text.split("## Sources")[1].strip().splitlines() == [
        "1. Outlet A: <https://a.org/1>",
        "2. Outlet B: <https://b.org/2>",
        "3. Outlet C: <https://c.org/3>",
    ]
    assert "**Oct 2020?** · **Talks are mooted**" in text


def test_an_event_without_sources_says_so():
    data = dataset("id,date,title,actors\nz,2020-10-01,Unsourced claim,Iran\n")
    made = brief.build(data.events, view=View(), dataset="u.csv", on=DAY)
    assert "(no source given)" in brief.markdown(made)
    assert "(no source given)" in "\n".join(read_docx(brief_word.docx_bytes(made)))
    assert made.sources == ()


def test_a_chart_that_could_not_be_drawn_is_explained_in_both_formats(cited):
    missing = brief.Brief(**{**cited.__dict__, "chart": Snapshot(None, "no Chromium at /x")})
    note = "The chart is not included: no Chromium at /x."
    assert note in MarkdownIt("gfm-like").render(brief.markdown(missing))
    assert any(note in p for p in read_docx(brief_word.docx_bytes(missing)))


def test_a_drawn_chart_is_embedded_in_both_formats(cited):
    png = _tiny_png()
    drawn = brief.Brief(**{**cited.__dict__, "chart": Snapshot(png)})
    assert len(docx.Document(io.BytesIO(brief_word.docx_bytes(drawn))).inline_shapes) == 1
    markdown = brief.markdown(drawn)
    assert "![Chart of the events in view][chart]" in markdown
    assert "[chart]: data:image/png;base64," in markdown


def test_a_long_view_is_cut_with_a_note_not_silently():
    rows = "\n".join(
        f"e{i},2020-10-01,Event {i},Iran,https://example.org/{i % 7}" for i in range(12)
    )
    data = dataset("id,date,title,actors,source_url\n" + rows + "\n")
    made = brief.build(data.events.head(5), view=View(), dataset="l.csv", in_view=12, on=DAY)
    assert len(made.events) == 5 and made.left_out == 7
    assert "the first 5 of 12 events in view" in made.counts
    assert "7 more events are in view but not listed" in "\n".join(
        read_docx(brief_word.docx_bytes(made))
    )


def test_a_brief_stops_at_max_events(monkeypatch):
    monkeypatch.setattr(brief, "MAX_EVENTS", 3)
    data = dataset(EVENTS + "d,2020-11-01,,Fourth,,Iran,statement,,https://d.org/4,D\n")
    made = brief.build(data.events, view=View(), dataset="m.csv", on=DAY)
    assert (len(made.events), made.in_view, made.left_out) == (3, 4, 1)


def _tiny_png() -> bytes:
    """A real 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
