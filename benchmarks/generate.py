"""Write N synthetic events in the data contract, as CSV and Parquet, plus their actor registry.

    uv run python benchmarks/generate.py --rows 1000000 --out benchmarks/out --seed 0

Seeded and deterministic. Every column is built as a whole with numpy and Arrow compute (no Python
loop per row), so a million rows take seconds. The data look like a curated timeline: a few hundred
actors drawn with a Zipf law (a handful of states dominate, officials belong to states and are
sometimes written by an alias), 1-3 actors per event, every event type, status, date precision and
qualifier, about 10% ranged events, 1-2 sources, free-text titles and descriptions from a large
vocabulary, and about 1% of rows carrying the mistakes analysts make (unknown actor, no source,
impossible date), so the benchmark exercises the problem path too.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from timeline import schema

DEFAULT_OUT = Path(__file__).resolve().parent / "out"


def words(text: str) -> list[str]:
    return text.split()


FIRST_DAY = np.datetime64("1990-01-01")
LAST_DAY = np.datetime64("2025-12-31")

SYLLABLES = words(
    "ka ri sta no vel ar mo des lan tu bek za ho rin sa ol ma gor ven ti pa ru al ez dor si "
    "kan bar eli ush nor yev ta gal mir as kur ban do lu ze ne ra vo"
)
FIRST_NAMES = words(
    "Ali Hassan Ilham Nikol Sergey Mike Emmanuel Recep Vladimir Abbas Mohammad Javad Anna "
    "Maria Olena Fatima Amadou Ibrahim Assimi Oleksandr Dmitry Ahmed Leila Samir Kemal Ruben"
)
LAST_NAMES = words(
    "Velayati Rouhani Aliyev Pashinyan Lavrov Pompeo Macron Erdogan Putin Araghchi Zarif "
    "Traore Goita Tiani Kuleba Peskov Bayramov Mirzoyan Shoigu Blinken Borrell Guterres "
    "Haniyeh Netanyahu Sisi Qatari Rahimi Karimi Nazarov Petrov Ivanova Kovalenko Diallo "
    "Keita Sow"
)
VERBS = words(
    "meets talks with condemns signs rejects warns announces visits strikes shells accuses "
    "denies proposes hosts welcomes sanctions suspends resumes mediates reports"
)
TOPICS = words(
    "ceasefire truce corridor border prisoners exchange sanctions embargo drones artillery "
    "pipeline grain lithium aid convoy refugees elections referendum withdrawal peacekeepers "
    "summit talks resolution mandate airspace shelling mercenaries deal"
)
PLACES = {  # name: (latitude, longitude)
    "Baku": (40.41, 49.87),
    "Yerevan": (40.18, 44.51),
    "Stepanakert": (39.82, 46.75),
    "Tehran": (35.69, 51.39),
    "Moscow": (55.76, 37.62),
    "Ankara": (39.93, 32.86),
    "Geneva": (46.20, 6.14),
    "New York": (40.75, -73.97),
    "Brussels": (50.85, 4.35),
    "Donetsk": (48.02, 37.80),
    "Kramatorsk": (48.72, 37.56),
    "Rafah": (31.30, 34.25),
    "Gaza City": (31.50, 34.47),
    "Bamako": (12.64, -8.00),
    "Niamey": (13.51, 2.11),
    "Ouagadougou": (12.37, -1.52),
    "Doha": (25.29, 51.53),
    "Cairo": (30.04, 31.24),
}
OUTLETS = {
    "Reuters": "reuters.com",
    "AP": "apnews.com",
    "Al Jazeera": "aljazeera.com",
    "BBC": "bbc.co.uk",
    "TASS": "tass.com",
    "IRNA": "en.irna.ir",
    "Asbarez": "asbarez.com",
    "APA": "apa.az",
    "Le Monde": "lemonde.fr",
    "OCHA": "unocha.org",
    "Eurasianet": "eurasianet.org",
    "RFE/RL": "rferl.org",
}
TAGS = words(
    "ceasefire humanitarian-truce border iran-border drones shelling civilians prisoners "
    "mediation minsk-group unsc sanctions embargo lithium mining aid-convoy rafah-crossing "
    "coup junta wagner elections referendum pipeline energy grain refugees peacekeepers"
)
BODY_KINDS = {  # name suffix: registry kind
    "Council": "organisation",
    "Union": "organisation",
    "Front": "armed group",
    "Brigade": "armed group",
    "Mining Company": "company",
    "Movement": "group",
}
THEATRES = {
    "Iran and the South Caucasus": 0.45,
    "Ukraine: Donetsk lithium": 0.2,
    "Gaza: humanitarian aid": 0.2,
    "Sahel juntas": 0.15,
}
EVENT_TYPE_WEIGHTS = {
    "statement": 0.25,
    "negotiation": 0.1,
    "ceasefire": 0.04,
    "agreement": 0.04,
    "decision": 0.07,
    "military": 0.2,
    "sanction": 0.04,
    "visit": 0.08,
    "incident": 0.1,
    "report": 0.07,
    "period": 0.01,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="events to write")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same files)")
    parser.add_argument("--actors", type=int, default=300, help="actors in the registry")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    paths = generate(arguments.rows, arguments.out, seed=arguments.seed, actors=arguments.actors)
    elapsed = time.perf_counter() - started
    sizes = ", ".join(f"{path.name} {path.stat().st_size / 1e6:.1f} MB" for path in paths)
    print(f"wrote {arguments.rows:,} events in {elapsed:.1f} s: {sizes}")


def generate(rows: int, out: Path, *, seed: int = 0, actors: int = 300) -> list[Path]:
    """Write events.csv, events.parquet and actors.csv into `out`; return their paths."""
    rng = np.random.default_rng(seed)
    registry = make_registry(rng, actors)
    events = make_events(rng, rows, registry)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "events.csv", out / "events.parquet", out / "actors.csv"]
    pacsv.write_csv(events, paths[0], write_options=pacsv.WriteOptions(quoting_style="needed"))
    pq.write_table(events, paths[1])
    registry.to_csv(paths[2], index=False)
    return paths


def make_registry(rng: np.random.Generator, count: int) -> pd.DataFrame:
    """States, organisations, groups and companies, and officials affiliated with the states."""
    states = max(count // 5, 2)
    bodies = max(count // 5, 1)
    officials = count - states - bodies
    state_names = unique_words(rng, states, syllables=(2, 3))
    suffixes = rng.choice(list(BODY_KINDS), bodies)
    body_names = [
        f"{word} {suffix}"
        for word, suffix in zip(
            unique_words(rng, bodies, syllables=(2, 3), exclude=set(state_names)),
            suffixes,
            strict=True,
        )
    ]
    body_kinds = [BODY_KINDS[suffix] for suffix in suffixes]
    people = [
        f"{first} {last}"
        for first, last in zip(
            rng.choice(FIRST_NAMES, officials * 3),
            rng.choice(LAST_NAMES, officials * 3),
            strict=True,
        )
    ]
    people = list(dict.fromkeys(people))[:officials]
    while len(people) < officials:  # more officials than name pairs: number the rest
        people.append(f"{people[len(people) % len(FIRST_NAMES)]} {len(people)}")
    surnames = pd.Series([person.rsplit(" ", 1)[-1] for person in people])
    unique_surname = ~surnames.duplicated(keep=False)
    registry = pd.DataFrame(
        {
            schema.ACTOR_NAME: [*state_names, *body_names, *people],
            schema.ACTOR_KIND: ["state"] * states + body_kinds + ["official"] * officials,
            schema.ACTOR_AFFILIATION: [""] * (states + bodies)
            + list(rng.choice(state_names, officials)),
            schema.ACTOR_ALIASES: [f"Republic of {name}" for name in state_names]
            + [""] * bodies
            + [
                surname if unique else ""
                for surname, unique in zip(surnames, unique_surname, strict=True)
            ],
        }
    )
    return registry  # row order is Zipf rank: states first, so a few states dominate


def unique_words(
    rng: np.random.Generator,
    count: int,
    *,
    syllables: tuple[int, int],
    exclude: set[str] = frozenset(),
) -> list[str]:
    """`count` distinct capitalised pseudo-words built from syllables."""
    words: dict[str, None] = {}
    while len(words) < count:
        length = rng.integers(syllables[0], syllables[1] + 1, count)
        parts = rng.choice(SYLLABLES, (count, syllables[1]))
        for row, size in zip(parts, length, strict=True):
            word = "".join(row[:size]).capitalize()
            if word not in exclude:
                words.setdefault(word, None)
    return list(words)[:count]


def make_events(rng: np.random.Generator, rows: int, registry: pd.DataFrame) -> pa.Table:
    event_type = pick(rng, rows, EVENT_TYPE_WEIGHTS)
    is_period = pc.equal(event_type, "period").to_numpy(zero_copy_only=False)
    start_day = FIRST_DAY + rng.integers(0, (LAST_DAY - FIRST_DAY).astype(int), rows)
    precision = rng.choice(3, rows, p=[0.7, 0.2, 0.1])  # day, month, year
    ranged = is_period | (rng.random(rows) < 0.09)
    end_day = start_day + rng.integers(0, 400, rows)
    end_precision = np.where(rng.random(rows) < 0.8, precision, 0)
    date = edtf(start_day, precision, qualifier(rng, rows))
    end_date = pc.if_else(pa.array(ranged), edtf(end_day, end_precision, qualifier(rng, rows)), "")

    actors = actor_lists(rng, rows, registry)
    place = rng.integers(0, len(PLACES) + 2, rows)  # the last two: no location
    place_names = take([*PLACES, "", ""], place)
    coordinates = np.array([*PLACES.values(), (np.nan, np.nan), (np.nan, np.nan)])
    jitter = rng.normal(0, 0.05, (rows, 2))
    urls, outlets = sources(rng, rows, date)

    dirty = rng.random(rows)  # about 1% of rows carry a mistake an analyst would make
    actors = pc.if_else(pa.array(dirty < 0.005), join(actors, "Unlisted Militia"), actors)
    urls = pc.if_else(pa.array((dirty >= 0.005) & (dirty < 0.008)), "", urls)
    date = pc.if_else(pa.array((dirty >= 0.008) & (dirty < 0.009)), "2021-02-30", date)
    ids = pc.binary_join_element_wise(
        "ev-", pc.utf8_lpad(pc.cast(pa.array(np.arange(rows)), pa.string()), 7, "0"), ""
    )

    return pa.table(
        {
            schema.ID: ids,
            schema.DATE: date,
            schema.END_DATE: end_date,
            schema.TITLE: titles(rng, rows, actors, place_names),
            schema.DESCRIPTION: descriptions(rng, rows),
            schema.ACTORS: actors,
            schema.EVENT_TYPE: event_type,
            schema.STATUS: pick(
                rng, rows, {"confirmed": 0.7, "claimed": 0.15, "disputed": 0.1, "": 0.05}
            ),
            schema.SOURCE_URL: urls,
            schema.SOURCE_NAME: outlets,
            schema.LOCATION: place_names,
            schema.LATITUDE: pa.array(
                np.round(coordinates[place, 0] + jitter[:, 0], 4), from_pandas=True
            ),
            schema.LONGITUDE: pa.array(
                np.round(coordinates[place, 1] + jitter[:, 1], 4), from_pandas=True
            ),
            schema.TAGS: word_lists(rng, rows, TAGS, most=3, separator=";"),
            schema.THEATRE: pick(rng, rows, THEATRES),
        }
    )


def pick(rng: np.random.Generator, rows: int, weights: dict[str, float]) -> pa.Array:
    """A string column drawn from the keys of `weights` with those probabilities."""
    probabilities = np.array(list(weights.values()))
    return take(
        list(weights), rng.choice(len(weights), rows, p=probabilities / probabilities.sum())
    )


def take(values: list[str] | np.ndarray | pd.Series, indices: np.ndarray) -> pa.Array:
    """values[indices] as Arrow strings, gathered in Arrow: converting numpy text is slow."""
    return pc.take(pa.array(np.asarray(values, dtype=object), pa.string()), pa.array(indices))


def qualifier(rng: np.random.Generator, rows: int) -> pa.Array:
    return take(["", "~", "?", "%"], rng.choice(4, rows, p=[0.85, 0.07, 0.05, 0.03]))


def edtf(days: np.ndarray, precision: np.ndarray, qualifiers: pa.Array) -> pa.Array:
    """Days as EDTF text cut to their precision (0 day, 1 month, 2 year), qualifier appended."""
    iso = pa.array(days.astype("datetime64[D]").astype("int32"), pa.date32()).cast(pa.string())
    cut = pc.choose(
        pa.array(precision),
        iso,
        pc.utf8_slice_codeunits(iso, 0, 7),
        pc.utf8_slice_codeunits(iso, 0, 4),
    )
    return pc.binary_join_element_wise(cut, qualifiers, "")


def actor_lists(rng: np.random.Generator, rows: int, registry: pd.DataFrame) -> pa.Array:
    """1-3 distinct actors per event, Zipf-distributed; 5% written by an alias, 2% in lower case."""
    count = len(registry)
    weights = 1 / np.arange(1, count + 1) ** 1.1
    chosen = rng.choice(count, (rows, 3), p=weights / weights.sum())
    chosen[:, 1] = np.where(chosen[:, 1] == chosen[:, 0], (chosen[:, 1] + 1) % count, chosen[:, 1])
    clash = (chosen[:, 2] == chosen[:, 0]) | (chosen[:, 2] == chosen[:, 1])
    chosen[:, 2] = np.where(clash, (chosen[:, 0] + chosen[:, 1] + 2) % count, chosen[:, 2])
    clash = (chosen[:, 2] == chosen[:, 0]) | (chosen[:, 2] == chosen[:, 1])
    names = registry[schema.ACTOR_NAME]
    first_alias = registry[schema.ACTOR_ALIASES].str.split(";").str[0]
    written = first_alias.where(first_alias != "", names)
    columns = []
    how_many = rng.choice([1, 2, 3], rows, p=[0.5, 0.35, 0.15])
    for slot in range(3):
        style = rng.random(rows)
        text = pc.if_else(
            pa.array(style < 0.05), take(written, chosen[:, slot]), take(names, chosen[:, slot])
        )
        text = pc.if_else(pa.array(style > 0.98), pc.utf8_lower(text), text)
        keep = how_many > slot
        if slot == 2:
            keep &= ~clash
        columns.append((text, keep))
    return join_present(columns, ";")


def join(column: pa.Array, name: str) -> pa.Array:
    return pc.binary_join_element_wise(column, name, ";")


def sources(rng: np.random.Generator, rows: int, date: pa.Array) -> tuple[pa.Array, pa.Array]:
    """One or two source URLs (outlet domain, year, a slug) and the outlets' names."""
    names = list(OUTLETS)
    domains = list(OUTLETS.values())
    year = pc.utf8_slice_codeunits(date, 0, 4)
    urls, outlets = [], []
    second = rng.random(rows) < 0.35
    for slot in range(2):
        outlet = rng.integers(0, len(names), rows)
        slug = pc.cast(pa.array(rng.integers(0, 2**40, rows)), pa.string())
        url = pc.binary_join_element_wise(
            "https://", take(domains, outlet), "/", year, "/", slug, ""
        )
        keep = np.ones(rows, bool) if slot == 0 else second
        urls.append((url, keep))
        outlets.append((take(names, outlet), keep))
    return join_present(urls, " "), join_present(outlets, ";")


def titles(rng: np.random.Generator, rows: int, actors: pa.Array, places: pa.Array) -> pa.Array:
    """'<first actor> <verb> <topic> in <place>'."""
    first = pc.list_element(pc.split_pattern(actors, ";"), 0)
    verb = take(VERBS, rng.integers(0, len(VERBS), rows))
    topic = take(TOPICS, rng.integers(0, len(TOPICS), rows))
    place = pc.if_else(pc.equal(places, ""), "the region", places)
    return pc.binary_join_element_wise(first, verb, topic, "in", place, " ")


def descriptions(rng: np.random.Generator, rows: int) -> pa.Array:
    """6-18 words from a 5,000-word vocabulary, Zipf-distributed, so text search is selective."""
    vocabulary = np.array(
        [
            *TOPICS,
            *VERBS,
            *(name.lower() for name in PLACES),
            *unique_words(rng, 5000, syllables=(2, 4)),
        ]
    )
    vocabulary = np.char.lower(vocabulary)
    return word_lists(rng, rows, vocabulary, most=18, least=6, separator=" ", zipf=True)


def word_lists(
    rng: np.random.Generator,
    rows: int,
    words: list[str] | np.ndarray,
    *,
    most: int,
    least: int = 0,
    separator: str,
    zipf: bool = False,
) -> pa.Array:
    """Between `least` and `most` words per row, joined by `separator`."""
    words = np.asarray(words)
    if zipf:
        weights = 1 / np.arange(1, len(words) + 1)
        chosen = rng.choice(len(words), (rows, most), p=weights / weights.sum())
    else:
        chosen = rng.integers(0, len(words), (rows, most))
    length = rng.integers(least, most + 1, rows)
    parts = [(take(words, chosen[:, slot]), length > slot) for slot in range(most)]
    return join_present(parts, separator)


def join_present(parts: list[tuple[pa.Array, np.ndarray]], separator: str) -> pa.Array:
    """Join, row by row, the parts whose mask is true; a row with none gets an empty string.

    Each kept part carries a leading separator, cut off at the end: Arrow's own null-skipping
    join returns fewer rows than it was given when a row has no part at all.
    """
    empty = pa.scalar("", pa.string())
    pieces = [
        pc.if_else(pa.array(keep), pc.binary_join_element_wise(separator, text, ""), empty)
        for text, keep in parts
    ]
    return pc.utf8_slice_codeunits(pc.binary_join_element_wise(*pieces, ""), len(separator))


if __name__ == "__main__":
    main()
