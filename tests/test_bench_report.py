"""The benchmark's arithmetic and budgets (bench/report.py): the harness itself runs by `make bench`, not here."""

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


def test_a_budget_below_a_limit_is_not_met_at_the_limit():
    (memory,) = [b for b in report.budgets("export-csv", 10_000) if b["figure"] == "memory_growth_mb"]
    assert report.budget_met(memory, {"memory_growth_mb": 99.9}) is True
    assert report.budget_met(memory, {"memory_growth_mb": 100.0}) is False
    assert report.describe_budget(memory) == "memory growth < 100 MB"


def limits(name, n):
    return {budget["figure"]: budget["max"] for budget in report.budgets(name, n)}


def test_the_budgets_are_issue_15s_at_10000_and_100000():
    assert limits("filters-fresh", 10_000) == {"p95_ms": 60}
    assert limits("filters-fresh", 100_000) == {"p95_ms": 120}
    assert limits("search-fresh", 10_000) == {"p95_ms": 100}
    assert limits("search-fresh", 100_000) == {"p95_ms": 250}
    assert limits("after-save", 10_000) == {"p95_ms": 100}
    assert limits("after-save", 100_000) == {"p95_ms": 150}
    assert limits("case-study", 100_000) == {"p95_ms": 30}
    assert limits("admin", 100_000) == limits("admin-search", 10_000) == {"p95_ms": 300}
    assert limits("catalogue", 100_000) == {"static_rps_ratio": 5}
    assert limits("export-csv", 100_000) == {"memory_growth_mb": 100, "slowest_s": 20}


def test_addresses_asked_before_are_held_to_the_budget_of_new_ones():
    for n in (10_000, 100_000):
        assert limits("region", n) == limits("three-filters", n) == limits("filters-fresh", n)
        assert limits("search-common", n) == limits("search-fresh", n)


def test_the_cached_catalogue_is_judged_by_its_ratio_to_the_static_file():
    (budget,) = report.budgets("catalogue", 10_000)
    assert report.describe_budget(budget) == "× static ≤ 5×"
    assert report.budget_met(budget, {"static_rps_ratio": 4.9}) is True
    assert report.budget_met(budget, {"static_rps_ratio": 5.1}) is False


def test_at_1000000_only_the_figures_the_issue_gives_are_judged():
    assert limits("filters-fresh", 1_000_000) == {"p95_ms": 400}
    assert limits("search-fresh", 1_000_000) == {"p95_ms": 800}
    assert limits("case-study", 1_000_000) == {"p95_ms": 30}
    assert limits("after-save", 1_000_000) == {}
    assert limits("catalogue", 1_000_000) == {}
    assert limits("admin", 1_000_000) == {}
    assert limits("export-csv", 1_000_000) == {"memory_growth_mb": 100}


def test_other_sizes_are_reported_without_judging_but_the_exports_memory():
    for n in (0, 1_000, 50_000):
        assert all(report.budgets(name, n) == [] for name in report.BUDGETS if name != "export-csv")
        assert limits("export-csv", n) == {"memory_growth_mb": 100}
    assert report.budgets("static", 10_000) == []


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


def test_growth_compares_a_size_with_the_next_and_flags_over_two_times():
    rows = report.growth(run(10_000, rps=100.0, p95_ms=20.0, queries=6), run(100_000, rps=40.0, p95_ms=50.0, queries=6))
    by_figure = {row["figure"]: row for row in rows}
    # A rate that falls 2.5 times grew worse 2.5 times.
    assert by_figure["rps"]["factor"] == 2.5 and by_figure["rps"]["flagged"]
    assert by_figure["p95_ms"]["factor"] == 2.5 and by_figure["p95_ms"]["flagged"]
    assert by_figure["queries"]["factor"] == 1.0 and not by_figure["queries"]["flagged"]
    assert (by_figure["p95_ms"]["smaller"], by_figure["p95_ms"]["larger"]) == (20.0, 50.0)


def test_growth_of_exactly_two_times_is_not_flagged_and_an_improvement_is_not_growth():
    rows = report.growth(run(10_000, p95_ms=10.0, rps=50.0), run(100_000, p95_ms=20.0, rps=100.0))
    by_figure = {row["figure"]: row for row in rows}
    assert by_figure["p95_ms"]["factor"] == 2.0 and not by_figure["p95_ms"]["flagged"]
    assert by_figure["rps"]["factor"] == 0.5 and not by_figure["rps"]["flagged"]


def test_growth_goes_step_by_step_from_each_size_to_the_next():
    steps = report.growth_steps([run(1_000_000, p95_ms=90.0), run(10_000, p95_ms=10.0), run(100_000, p95_ms=30.0)])
    assert [(smaller, larger) for smaller, larger, _ in steps] == [(10_000, 100_000), (100_000, 1_000_000)]
    assert [[row["factor"] for row in rows] for _, _, rows in steps] == [[3.0], [3.0]]


def test_growth_needs_two_sizes():
    assert report.growth_steps([run(10_000, p95_ms=10.0)]) == []


def test_a_figure_missing_at_either_size_has_no_growth():
    # The catalogue after a save is one request at a time: it has no rate to compare.
    rows = report.growth(run(10_000, rps=None, p95_ms=10.0), run(100_000, rps=None, p95_ms=12.0))
    assert [row["figure"] for row in rows] == ["p95_ms"]


def test_an_export_grows_per_row_and_in_memory_only():
    export = {"name": "export-csv", "rows": 10_000, "p95_ms": 1_000.0, "us_per_row": 50.0, "memory_growth_mb": 10.0}
    bigger = {**export, "rows": 100_000, "p95_ms": 10_000.0, "us_per_row": 60.0, "memory_growth_mb": 12.0}
    rows = report.growth({"n": 10_000, "scenarios": [export]}, {"n": 100_000, "scenarios": [bigger]})
    assert {row["figure"]: row["factor"] for row in rows} == {"us_per_row": 1.2, "memory_growth_mb": 1.2}


def test_the_growth_table_has_a_line_per_scenario_and_marks_what_grew_too_much():
    rows = report.growth(
        {"n": 10_000, "scenarios": [{"name": "catalogue", "rps": 100.0, "p95_ms": 20.0}]},
        {"n": 100_000, "scenarios": [{"name": "catalogue", "rps": 80.0, "p95_ms": 50.0}]},
    )
    header, body = report.growth_table(rows)
    assert header == ["scenario", "req/s", "p95 ms"]
    assert body == [["catalogue", "1.25×", "2.50× !"]]
