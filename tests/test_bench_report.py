"""The benchmark's arithmetic (bench/report.py): the harness itself runs by `make bench`, not here."""

import math

from bench import report


def test_a_percentile_interpolates_between_neighbours():
    values = [4, 1, 3, 2]  # unordered on purpose
    assert report.percentile(values, 0.0) == 1
    assert report.percentile(values, 1.0) == 4
    assert report.percentile(values, 0.5) == 2.5
    assert math.isclose(report.percentile(list(range(1, 101)), 0.95), 95.05)


def test_a_percentile_of_one_value_is_that_value_and_of_none_is_nan():
    assert report.percentile([7.0], 0.95) == 7.0
    assert math.isnan(report.percentile([], 0.5))


def test_a_summary_gives_the_rate_and_latencies_in_milliseconds():
    figures = report.summarise([0.010, 0.020, 0.030, 0.040], elapsed=2.0)
    assert figures["requests"] == 4
    assert figures["rps"] == 2.0
    assert math.isclose(figures["p50_ms"], 25.0)
    assert math.isclose(figures["p95_ms"], 38.5)


def test_the_comparison_with_the_static_file_says_how_many_times_slower():
    static = {"rps": 2000.0, "p50_ms": 1.0}
    page = {"rps": 100.0, "p50_ms": 30.0}
    assert report.compare_with_static(page, static) == {"static_rps_ratio": 20.0, "static_p50_ratio": 30.0}


def test_a_budget_is_met_at_its_limit_and_not_beyond_or_with_errors():
    budget = {"figure": "p95_ms", "max": 150, "label": "p95", "unit": "ms"}
    assert report.budget_met(budget, {"p95_ms": 150.0, "errors": {}}) is True
    assert report.budget_met(budget, {"p95_ms": 150.1, "errors": {}}) is False
    assert report.budget_met(budget, {"p95_ms": 20.0, "errors": {"500": 3}}) is False
    assert report.budget_met(budget, {"p95_ms": math.nan, "errors": {}}) is False
    assert report.budget_met(None, {"p95_ms": 1.0}) is None
    assert report.describe_budget(budget) == "p95 ≤ 150 ms"


def test_the_table_aligns_numbers_right_and_words_left():
    text = report.table(["scenario", "req/s"], [["catalogue", "1,234.5"], ["page", "12.0"]])
    assert text.splitlines() == [
        "| scenario  |   req/s |",
        "| --------- | ------: |",
        "| catalogue | 1,234.5 |",
        "| page      |    12.0 |",
    ]


def test_numbers_are_written_with_separators_and_a_dash_for_none():
    assert report.number(12345.678) == "12,345.7"
    assert report.number(12345) == "12,345"
    assert report.number(0.05) == "0.05"
    assert report.number(None) == "–"
    assert report.number(math.nan) == "–"


def run(n, **figures):
    return {"n": n, "scenarios": [{"name": "catalogue", **figures}]}


def test_growth_compares_the_smallest_size_with_the_largest_and_flags_over_three_times():
    rows = report.growth(
        [
            run(100_000, rps=20.0, p95_ms=80.0, queries=6),
            run(1_000, rps=100.0, p95_ms=20.0, queries=6),
            run(10_000, rps=50.0, p95_ms=40.0, queries=6),
        ]
    )
    by_figure = {row["figure"]: row for row in rows}
    # A rate that falls five times grew worse five times.
    assert by_figure["rps"]["factor"] == 5.0 and by_figure["rps"]["flagged"]
    assert by_figure["p95_ms"]["factor"] == 4.0 and by_figure["p95_ms"]["flagged"]
    assert by_figure["queries"]["factor"] == 1.0 and not by_figure["queries"]["flagged"]
    assert (by_figure["p95_ms"]["smallest"], by_figure["p95_ms"]["largest"]) == (20.0, 80.0)


def test_growth_of_exactly_three_times_is_not_flagged_and_an_improvement_is_not_growth():
    rows = report.growth([run(1_000, p95_ms=10.0, rps=50.0), run(100_000, p95_ms=30.0, rps=100.0)])
    by_figure = {row["figure"]: row for row in rows}
    assert by_figure["p95_ms"]["factor"] == 3.0 and not by_figure["p95_ms"]["flagged"]
    assert by_figure["rps"]["factor"] == 0.5 and not by_figure["rps"]["flagged"]


def test_growth_needs_two_sizes():
    assert report.growth([run(1_000, p95_ms=10.0)]) == []


def test_an_export_grows_per_row_and_in_memory_only():
    export = {"name": "export-csv", "rows": 1_000, "p95_ms": 1_000.0, "us_per_row": 50.0, "memory_growth_mb": 10.0}
    bigger = {**export, "rows": 100_000, "p95_ms": 100_000.0, "us_per_row": 60.0, "memory_growth_mb": 12.0}
    rows = report.growth([{"n": 1_000, "scenarios": [export]}, {"n": 100_000, "scenarios": [bigger]}])
    assert {row["figure"]: row["factor"] for row in rows} == {"us_per_row": 1.2, "memory_growth_mb": 1.2}


def test_the_growth_table_has_a_line_per_scenario_and_marks_what_grew_too_much():
    rows = report.growth(
        [
            {"n": 1_000, "scenarios": [{"name": "catalogue", "rps": 100.0, "p95_ms": 20.0}]},
            {"n": 100_000, "scenarios": [{"name": "catalogue", "rps": 80.0, "p95_ms": 100.0}]},
        ]
    )
    header, body = report.growth_table(rows)
    assert header == ["scenario", "req/s", "p95 ms"]
    assert body == [["catalogue", "1.25×", "5.00× !"]]
