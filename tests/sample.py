"""A tiny, hand-checked dataset shared by the filter, URL and app tests."""

import io

import pandas as pd

import timeline
from timeline.load import Dataset

ACTORS_CSV = """name,kind,affiliation,aliases
Iran,state,,Islamic Republic of Iran
Armenia,state,,
Azerbaijan,state,,
Russia,state,,Russian Federation
Turkey,state,,Türkiye
Ali Akbar Velayati,official,Iran,Velayati
Hassan Rouhani,official,Iran,Rouhani
"""

EVENTS_CSV = """id,date,end_date,title,description,actors,event_type,status,source_url,source_name,theatre
war,2020-09-27,2020-11-10,Second Karabakh war,Fighting resumes.,Armenia;Azerbaijan,period,confirmed,https://example.org/war,Example,South Caucasus
velayati,2020-10-06,,Velayati cites UN resolutions,Seven districts remark.,Velayati,statement,confirmed,https://example.org/v,Example,South Caucasus
rouhani,2020-10-07,,Rouhani warns of regional war,Warning to outside powers.,Hassan Rouhani,statement,confirmed,https://example.org/r,Example,South Caucasus
truce,2020-10-10,,Moscow humanitarian truce,Brokered by Russia.,Armenia;Azerbaijan;Russia,ceasefire,confirmed,https://example.org/t,Example,South Caucasus
shells,2020-10,,Shells land in Iran,Stray shells reported.,Iran;Azerbaijan,incident,claimed,https://example.org/s,Example,South Caucasus
mercs,2020-09~,,Syrian fighters reported,Turkey denies.,Turkey,report,disputed,https://example.org/m,Example,South Caucasus
sahel,2024-07-06,,AES summit,Niamey.,Mali,agreement,,https://example.org/a,Example,Sahel
"""


def dataset() -> Dataset:
    return load_csv(EVENTS_CSV)


def load_csv(events_csv: str) -> Dataset:
    """`events_csv` loaded with the sample's actor registry."""
    registry = pd.read_csv(io.StringIO(ACTORS_CSV), dtype="str", keep_default_na=False)
    return timeline.load(io.StringIO(events_csv), name="sample.csv", registry=registry)
