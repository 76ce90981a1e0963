"""The event data contract: column names, vocabularies and their human labels, said once."""

from __future__ import annotations

ID = "id"
DATE = "date"
END_DATE = "end_date"
TITLE = "title"
DESCRIPTION = "description"
ACTORS = "actors"
EVENT_TYPE = "event_type"
STATUS = "status"
SOURCE_URL = "source_url"
SOURCE_NAME = "source_name"
LOCATION = "location"
LATITUDE = "latitude"
LONGITUDE = "longitude"
TAGS = "tags"
THEATRE = "theatre"
LINKS = "links"

#: Every column of an events file, in the order files are written.
COLUMNS: tuple[str, ...] = (
    ID,
    DATE,
    END_DATE,
    TITLE,
    DESCRIPTION,
    ACTORS,
    EVENT_TYPE,
    STATUS,
    SOURCE_URL,
    SOURCE_NAME,
    LOCATION,
    LATITUDE,
    LONGITUDE,
    TAGS,
    THEATRE,
    LINKS,
)

#: Columns without which no row can be read.
REQUIRED: tuple[str, ...] = (DATE, TITLE, ACTORS)

# Columns the loader derives from the file; present in every loaded events frame.
START = "start"  # first instant the date covers
END = "end"  # exclusive end of the last instant covered (end_date, else date)
PRECISION = "precision"  # "day", "month" or "year" of `date`
APPROXIMATE = "approximate"  # EDTF "~" or "%"
UNCERTAIN = "uncertain"  # EDTF "?" or "%"
ROW = "row"  # the row as a spreadsheet user numbers it (header is row 1)

#: Separator of several actors, tags or outlets inside one cell.
LIST_SEPARATOR = ";"

EVENT_TYPES: dict[str, str] = {
    "statement": "Official statement",
    "negotiation": "Negotiations / talks",
    "ceasefire": "Ceasefire / truce",
    "agreement": "Agreement",
    "decision": "Decision / resolution",
    "military": "Military action",
    "sanction": "Sanctions / embargo",
    "visit": "Diplomatic visit",
    "incident": "Incident",
    "report": "Report / allegation",
    "period": "Period (era)",
}

#: Each event type in a word or two, where a one-row key has no room for the label.
EVENT_TYPES_SHORT: dict[str, str] = {
    "statement": "Statement",
    "negotiation": "Talks",
    "ceasefire": "Ceasefire",
    "agreement": "Agreement",
    "decision": "Decision",
    "military": "Military",
    "sanction": "Sanctions",
    "visit": "Visit",
    "incident": "Incident",
    "report": "Report",
    "period": "Period",
}

#: Event type whose ranged events are drawn as shaded eras behind the lanes.
PERIOD = "period"

STATUSES: dict[str, str] = {
    "confirmed": "Confirmed",
    "claimed": "Claimed (one side; denied or unconfirmed)",
    "disputed": "Disputed (sources disagree)",
    "scheduled": "Scheduled (due, not yet happened)",
}

#: Status of a deadline that has not happened yet; on a past date it is warned.
SCHEDULED = "scheduled"

#: Relations of the `links` column, read from the row's event to the target: (label read
#: forwards, label read backwards from the target). "A responds_to B": A "responds to" B, and
#: B lists A among its "responses".
RELATIONS: dict[str, tuple[str, str]] = {
    "responds_to": ("responds to", "responses"),
    "implements": ("implements", "implemented by"),
    "violates": ("violates", "violated by"),
    "ends": ("ends", "ended by"),
    "replaces": ("replaces", "replaced by"),
    "disputes": ("disputes", "disputed by"),
    "scheduled_by": ("scheduled by", "sets the date of"),
}

#: An event holding this relation is a deadline: its date was fixed in advance by the target.
SCHEDULED_BY = "scheduled_by"
RESPONDS_TO = "responds_to"
ENDS = "ends"
REPLACES = "replaces"

#: Relations whose target comes first in time; a target dated later is warned. (A date cannot be
#: fixed by an event after it, so `scheduled_by` is here too; `replaces` and `disputes` are not:
#: a new date may replace, or a claim dispute, something still to come.)
RELATIONS_TO_EARLIER: tuple[str, ...] = (
    "responds_to",
    "implements",
    "violates",
    "ends",
    "scheduled_by",
)

#: Separator of relation and target inside one `links` entry (`violates:2020-10-10-truce`).
LINK_SEPARATOR = ":"

#: What became of a deadline, read from its status and the links into it.
DEADLINE_OUTCOMES: dict[str, str] = {
    "upcoming": "Upcoming",
    "overdue": "Due date passed; outcome not recorded",
    "ended-early": "Ended or replaced before it was due",
    "confirmed": "Happened as scheduled",
    "claimed": "Claimed (one side; denied or unconfirmed)",
    "disputed": "Disputed (sources disagree)",
    "": "Not stated",
}

PRECISIONS: tuple[str, ...] = ("day", "month", "year")

ACTOR_KINDS: dict[str, str] = {
    "state": "State",
    "organisation": "International organisation",
    "official": "Official",
    "armed group": "Armed group",
    "de facto authority": "De facto authority",
    "company": "Company",
    "person": "Person",
    "group": "Group",
}

# The actor registry (data/actors.csv).
ACTOR_NAME = "name"
ACTOR_KIND = "kind"
ACTOR_AFFILIATION = "affiliation"
ACTOR_ALIASES = "aliases"
ACTOR_COLUMNS: tuple[str, ...] = (ACTOR_NAME, ACTOR_KIND, ACTOR_AFFILIATION, ACTOR_ALIASES)

# The source registry (data/sources.csv): which outlet a cited domain is, and what kind.
SOURCE_DOMAIN = "domain"
SOURCE_OUTLET = "name"
SOURCE_KIND = "kind"
SOURCE_COUNTRY = "country"
SOURCE_COLUMNS: tuple[str, ...] = (SOURCE_DOMAIN, SOURCE_OUTLET, SOURCE_KIND, SOURCE_COUNTRY)

SOURCE_KINDS: dict[str, str] = {
    "primary": "Primary (government, parliament, court, international organisation)",
    "wire": "News agency",
    "press": "Independent press",
    "state media": "State media",
    "think tank": "Think tank / research / NGO",
    "reference": "Reference work (encyclopedia)",
    "weak": "Weak (mirror, repost, aggregator, forum, content farm)",
}
PRIMARY_KIND = "primary"
#: Kinds whose reporting is independent of the states involved; two of them make an event strong.
INDEPENDENT_KINDS: tuple[str, ...] = ("wire", "press", "think tank")
STATE_MEDIA_KIND = "state media"

#: How well an event is sourced, best first (see docs/curation.md).
STRENGTHS: dict[str, str] = {
    "strong": "Strong (a primary source, or two independent ones)",
    "single": "Single independent source",
    "state media only": "State media only",
    "weak only": "Weak only (encyclopedias, mirrors, reposts)",
    "unrated": "Unrated (sources not in the registry)",
}
STRONG, SINGLE, STATE_MEDIA_ONLY, WEAK_ONLY, UNRATED = STRENGTHS

# Columns of the citation table: one row per URL an event cites.
EVENT = "event"  # position of the event in the events frame
URL = "url"
HOST = "host"

# The problem table returned by validation: one row per problem.
PROBLEM_ROW = "row"  # the row as a spreadsheet user numbers it
PROBLEM_COLUMN = "column"
PROBLEM_VALUE = "value"
PROBLEM_RULE = "rule"
PROBLEM_MESSAGE = "message"
SEVERITY = "severity"  # ERROR or WARNING
PROBLEM_COLUMNS: tuple[str, ...] = (
    PROBLEM_ROW,
    PROBLEM_COLUMN,
    PROBLEM_VALUE,
    PROBLEM_RULE,
    PROBLEM_MESSAGE,
    SEVERITY,
)

# The (event, actor) pairs of a dataset (`Dataset.event_actors`), sorted by actor then event.
PAIR_EVENT = "event"  # position of the event in the dataset's events
PAIR_ACTOR = "actor"  # canonical name (categorical)

# Where events sit on the timeline's lanes (`filters.Shown.placements`).
PLACED_EVENT = "event"  # position of the event among the events in view
LANE = "lane"  # categorical over the lanes, top to bottom

# Counts per period and event type (`compare.activity`).
COUNT_PERIOD = "period"  # first day of the week or month
COUNT_TYPE = "event_type"
COUNT = "count"
ERROR = "error"
WARNING = "warning"


def type_order(event_types) -> list[str]:
    """Event types present, in the vocabulary's order, then unknown types alphabetically."""
    present = {str(kind) for kind in event_types}
    known = [kind for kind in EVENT_TYPES if kind in present]
    return known + sorted(present - set(known))


def event_type_label(event_type: str) -> str:
    """Human label of an event type; unknown types are shown as written."""
    return EVENT_TYPES.get(event_type, event_type)


def event_type_short(event_type: str) -> str:
    """An event type in a word or two; unknown types are shown as written."""
    return EVENT_TYPES_SHORT.get(event_type, event_type)


def status_label(status: str) -> str:
    """Human label of a claim status; unknown or empty statuses read as 'Not stated'."""
    return STATUSES.get(status, "Not stated") if status else "Not stated"


def source_kind_label(kind: str) -> str:
    """Human label of a source kind; an unregistered source reads as 'Not in the registry'."""
    return SOURCE_KINDS.get(kind, "Not in the registry") if kind else "Not in the registry"


def strength_label(strength: str) -> str:
    """Human label of a source strength."""
    return STRENGTHS.get(strength, strength)


def relation_label(relation: str, *, inverse: bool = False) -> str:
    """Human label of a relation read forwards, or backwards from its target (`inverse`)."""
    labels = RELATIONS.get(relation)
    if labels is None:
        return relation
    return labels[1] if inverse else labels[0]
