"""The five-actor registry the tests share: states, one official affiliated with Iran, aliases.

A module of its own: `conftest` names another module (the browser tests' one) when the whole
suite runs, so it cannot be imported by name.
"""

REGISTRY_CSV = """name,kind,affiliation,aliases
Iran,state,,Islamic Republic of Iran;IRI
Armenia,state,,Hayastan
Azerbaijan,state,,
Russia,state,,Russian Federation
Ali Akbar Velayati,official,Iran,Velayati;Ali-Akbar Velayati
"""
