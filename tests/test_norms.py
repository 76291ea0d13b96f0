"""The children's grip table: right band for the right age, and honest gaps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from station.clinic.norms import (
    STANDARD_GRAVITY,
    Band,
    NormsDataError,
    load_norms,
    percentile_band,
)


def kg(value: float) -> float:
    return value * STANDARD_GRAVITY


@pytest.mark.parametrize(
    ("age", "grip_kg", "band"),
    [
        (6, 9.0, Band.BELOW_P10),
        (7, 12.0, Band.P10_P50),
        (9.9, 18.0, Band.P50_P90),  # completed years: still the 6-9 row
        (8, 25.0, Band.ABOVE_P90),
        (10, 15.0, Band.BELOW_P10),
        (12, 30.0, Band.P50_P90),
        (13, 30.0, Band.P10_P50),
        (15, 45.0, Band.ABOVE_P90),
    ],
)
def test_band_follows_the_nnyfs_row_for_the_age(age, grip_kg, band):
    result = percentile_band(age, kg(grip_kg))
    assert result.band is band
    assert not result.no_data
    assert result.row is not None
    assert result.row.source == "US NNYFS"
    assert result.row.age_min <= int(age) <= result.row.age_max


def test_percentile_values_themselves_open_the_band_above():
    assert percentile_band(7, kg(10)).band is Band.P10_P50
    assert percentile_band(7, kg(14)).band is Band.P50_P90
    assert percentile_band(7, kg(19)).band is Band.P50_P90


def test_row_used_is_reported_with_its_values():
    row = percentile_band(11, kg(20)).row
    assert (row.p10_kg, row.p50_kg, row.p90_kg) == (16, 22, 31)
    assert row.sexes == "combined"


def test_sex_does_not_change_the_sexes_combined_childrens_band():
    assert percentile_band(11, kg(20), "female").band is percentile_band(11, kg(20), "male").band


@pytest.mark.parametrize("age", [4, 5, 16, 19, 40, 70])
def test_ages_without_a_row_say_so_and_give_no_band(age):
    result = percentile_band(age, kg(20))
    assert result.no_data
    assert result.band is None and result.row is None
    assert f"no data for age {age}" in result.reason


def test_age_five_shows_the_handle_position_mean_but_no_percentile():
    result = percentile_band(5, kg(10))
    assert result.no_data
    assert "not a percentile" in result.reason
    (ref,) = result.references
    assert (ref.mean_kg, ref.sd_kg) == (10.4, 3.1)
    assert "handle position 2" in ref.describe()


def test_adults_get_only_the_typical_value_for_their_sex():
    result = percentile_band(30, kg(45), "female")
    assert result.no_data
    assert [r.mean_kg for r in result.references] == [30]
    both = percentile_band(30, kg(45))
    assert sorted(r.mean_kg for r in both.references) == [30, 47]


def test_pinch_has_no_norms():
    result = percentile_band(8, 30.0, sensor="pinch")
    assert result.no_data
    assert "pinch" in result.reason


@pytest.mark.parametrize(
    ("age", "grip", "sex"),
    [(-1, 100, None), (float("nan"), 100, None), (200, 100, None), (8, -5, None), (8, 100, "x")],
)
def test_impossible_inputs_are_refused_with_a_sentence(age, grip, sex):
    with pytest.raises(ValueError, match=r"\w+ \w+"):
        percentile_band(age, grip, sex)


def test_shipped_file_carries_sources_for_every_value():
    doc = json.loads(
        (Path(__file__).parents[1] / "station" / "data" / "grip_norms.json").read_text()
    )
    assert all(t["source"] for t in doc["percentile_tables"])
    assert all(v["source"] for v in doc["reference_values"])


def test_a_broken_norms_file_gives_a_clear_error(tmp_path):
    bad = tmp_path / "norms.json"
    bad.write_text("{not json")
    with pytest.raises(NormsDataError, match="cannot read"):
        load_norms(bad)
    bad.write_text('{"percentile_tables": []}')
    with pytest.raises(NormsDataError, match="not shaped"):
        load_norms(bad)
    with pytest.raises(NormsDataError, match="cannot read"):
        load_norms(tmp_path / "missing.json")


def test_a_table_with_percentiles_out_of_order_is_refused(tmp_path):
    bad = tmp_path / "norms.json"
    table = {"measure": "grip", "source": "x", "sexes": "combined"}
    table["rows"] = [{"age_min": 6, "age_max": 9, "p10": 14, "p50": 10, "p90": 19}]
    bad.write_text(json.dumps({"percentile_tables": [table], "reference_values": []}))
    with pytest.raises(NormsDataError, match="out of order"):
        load_norms(bad)
