"""The coverage map page's data, worked out once per data version and day and shared by every session: the decks
the maps draw (already turned into JSON), the headline cards, and the tables and texts under the maps.

Every function here is keyed on small values (the data version tuple, the day, a commune or village code); the
frames come from components.db's cache at that version, so nothing is read twice. They are shared (components.memo):
every session gets the same objects (st.cache_data would unpickle a copy of a megabyte of deck for every view);
nothing that draws them changes them. Tables are handed to st.dataframe as Arrow, converted once here.
"""

import datetime as dt
import json

import pandas as pd
import pyarrow as pa
import pydeck as pdk

from components import cards, db, kpi, maps, memo, scale
from nq57 import codes, coverage, exports, task_rules, villages
from nq57.periods import parse_period


class PrebuiltDeck(pdk.Deck):
    """A deck already turned into JSON (coverage_deck, indicator_deck): st.pydeck_chart sends its to_json() as the
    spec and reads the tooltip from the deck, so the browser gets what the full deck would have sent, shared by
    every session as it is."""

    def __init__(self, spec: str, tooltip: dict) -> None:
        super().__init__(map_provider=None, tooltip=tooltip)
        # Without pydeck's indentation: a quarter of the bytes to hash, send and parse, for the same deck.
        self._spec = json.dumps(json.loads(spec), separators=(",", ":"), ensure_ascii=False)

    def to_json(self) -> str:
        return self._spec


@memo.shared(16)
def links(version: tuple, today: dt.date) -> pd.DataFrame:
    """coverage.link_tasks: each village with the coverage task that names it."""
    tasks = task_rules.register(db.query_at(version, "tasks/status", as_of=today), today)
    return coverage.link_tasks(db.query_at(version, "villages/register"), tasks)


@memo.shared(16)
def headline_cards(version: tuple, today: dt.date) -> str:
    """The documents' three village totals in coverage.HEADLINES' order as cards (label, value, period and source),
    one HTML block (components.cards); an empty place for one without a figure."""
    latest = db.query_at(version, "overview/latest_values", unit_code=codes.PROVINCE, as_of=today)
    latest = latest.set_index("indicator_code")
    found = []
    for code, label, _ in coverage.HEADLINES:
        row = latest.loc[code] if code in latest.index else None
        found.append(
            None
            if row is None
            else (label, kpi.card_value(row), kpi.card_caption(row, parse_period(row["period"]).label))
        )
    return cards.plain_grid_html(found)


@memo.shared(16)
def places(version: tuple) -> tuple[dict[str, str], list[str], int]:
    """Commune names by code, the choices of the commune list (villages.commune_choices), and how many villages of
    the register have no position."""
    register = db.query_at(version, "villages/register")
    communes = db.query_at(version, "units/communes")
    names = dict(zip(communes["code"], communes["name"], strict=True))
    return names, villages.commune_choices(register, names), int(register["lat"].isna().sum())


@memo.shared(24)
def coverage_deck(version: tuple, today: dt.date, commune: str, basemap: bool) -> PrebuiltDeck:
    """maps.build_coverage_deck of the whole province ('') or focused on a commune (about 1 MB of JSON)."""
    focus = None
    if commune:
        place = db.query_at(version, "units/communes").set_index("code").loc[commune]
        focus = {"code": commune, "lat": float(place["lat"]), "lon": float(place["lon"])}
    register = db.query_at(version, "villages/register")
    spec = maps.build_coverage_deck(register, focus, basemap=basemap, today=today).to_json()
    return PrebuiltDeck(spec, maps.COVERAGE_TOOLTIP)


@memo.shared(64)
def village_list(version: tuple, today: dt.date, commune: str) -> tuple[pa.Table, dict[str, str]]:
    """The list under the map of a commune ('' for all: villages.village_table) and its villages' labels."""
    shown = villages.in_commune(db.query_at(version, "villages/register"), links(version, today), commune)
    return memo.arrow(villages.village_table(shown, today)), villages.village_labels(shown)


@memo.shared(256)
def village_detail(version: tuple, today: dt.date, code: str) -> tuple[str, pa.Table, pa.Table]:
    """One village's name, its facts with their sources (villages.facts) and its history (villages.history_table)."""
    linked = links(version, today)
    shown = villages.in_commune(db.query_at(version, "villages/register"), linked, "")
    village = next(shown[shown["code"] == code].itertuples(index=False))
    facts = villages.facts(village, linked.set_index("code").loc[code].to_dict())
    history = villages.history_table(db.query_at(version, "villages/history", village_code=code))
    return village.name, memo.arrow(facts), memo.arrow(history)


@memo.shared(16)
def gap_view(version: tuple, today: dt.date) -> tuple[list[tuple[str, int]], pd.DataFrame, str | None, pd.DataFrame]:
    """The gap register's counts, its reconciliation with the documents, what they count without naming, and the
    register as shown (coverage.register_table, in priority order)."""
    gaps = coverage.gap_register(db.query_at(version, "villages/register"), links(version, today), today)
    headline = db.query_at(version, "villages/headline", unit_code=codes.PROVINCE, as_of=today)
    reconciliation = coverage.reconcile(gaps, headline)
    return (
        coverage.register_counts(gaps),
        reconciliation,
        coverage.not_listed_text(reconciliation),
        coverage.register_table(gaps),
    )


@memo.shared(16)
def gap_workbook(version: tuple, today: dt.date, order: str) -> bytes:
    """The gap register's workbook in one of coverage.REGISTER_SORTS (exports.gap_register_workbook)."""
    _, reconciliation, _, table = gap_view(version, today)
    return exports.gap_register_workbook(coverage.sort_register(table, order), reconciliation, today)


@memo.shared(64)
def indicator_deck(version: tuple, today: dt.date, code: str, measure: str) -> PrebuiltDeck:
    """maps.build_indicator_deck of a commune-level indicator."""
    values = db.query_at(version, "indicators/commune_values", indicator_code=code, as_of=today)
    spec = maps.build_indicator_deck(values, measure, scale.classes(values["value"], measure)).to_json()
    return PrebuiltDeck(spec, maps.INDICATOR_TOOLTIP)
