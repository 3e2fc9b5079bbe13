"""The benchmark's arithmetic and tables: percentiles, the comparison with the static file, budgets,
and how each figure grows from the smallest catalogue to the largest. No Django, no I/O."""

import math

# A figure that grows more than this from the smallest size to the largest is flagged (issue 6).
GROWTH_LIMIT = 3.0


def percentile(values, fraction):
    """The value below which ``fraction`` of ``values`` lie, interpolating between neighbours
    (the same definition as NumPy's default and a spreadsheet's PERCENTILE)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def summarise(latencies, elapsed):
    """Requests per second and the median and 95th-percentile latency in milliseconds."""
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed if elapsed > 0 else math.nan,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
    }


def compare_with_static(figures, static):
    """How many times slower than the static file of the same size: by rate and by median latency."""
    return {
        "static_rps_ratio": static["rps"] / figures["rps"] if figures["rps"] else math.nan,
        "static_p50_ratio": figures["p50_ms"] / static["p50_ms"] if static["p50_ms"] else math.nan,
    }


def budget_met(budget, figures):
    """Whether ``figures`` keep within ``budget``: ``{"figure": name, "max": limit}``, or None when
    the scenario has no budget. Failed requests never meet a budget."""
    if budget is None:
        return None
    value = figures.get(budget["figure"])
    if value is None or (isinstance(value, float) and math.isnan(value)) or figures.get("errors"):
        return False
    return value <= budget["max"]


def describe_budget(budget):
    if budget is None:
        return ""
    return f"{budget['label']} ≤ {budget['max']:g} {budget['unit']}"


def number(value, digits=1):
    """A figure for a table: thousands separated, a dash when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    if 0 < abs(value) < 1:
        digits = max(digits, 2)  # a rate of 0.05 exports a second is not 0.0
    return f"{value:,.{digits}f}"


def table(header, rows):
    """A plain-text table in Markdown form: it reads in a terminal and pastes into a README.

    Numbers (cells that start with a digit, a sign or a dash) are aligned right, words left.
    """
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[column]) for row in cells) for column in range(len(header))]

    def numeric(column):
        return all(row[column][:1] in "0123456789-–+" for row in cells[1:] if row[column])

    def line(row):
        padded = (
            cell.rjust(width) if numeric(column) else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        return "| " + " | ".join(padded) + " |"

    rule = ["-" * (width - 1) + ":" if numeric(column) else "-" * width for column, width in enumerate(widths)]
    return "\n".join([line(cells[0]), "| " + " | ".join(rule) + " |", *(line(row) for row in cells[1:])])


# Each figure, and which way is worse: a rate that falls or a time that rises by the same factor
# counts as the same growth.
GROWING_FIGURES = {
    "rps": ("req/s", "falls"),
    "p50_ms": ("p50 ms", "rises"),
    "p95_ms": ("p95 ms", "rises"),
    "queries": ("queries", "rises"),
    "us_per_row": ("µs per row", "rises"),
    "memory_growth_mb": ("memory growth MB", "rises"),
}


# An export's time and queries grow with its rows by design: its growth is judged per row, and by memory.
PER_ROW_FIGURES = {"us_per_row", "memory_growth_mb"}


def growth_factor(smallest, largest, direction):
    """How many times worse a figure got: 1.0 when it stayed the same, below 1 when it improved."""
    if smallest is None or largest is None or any(isinstance(v, float) and math.isnan(v) for v in (smallest, largest)):
        return math.nan
    if smallest == largest:
        return 1.0
    if direction == "falls":
        smallest, largest = largest, smallest
    if smallest <= 0:
        return math.inf
    return largest / smallest


def growth(runs):
    """For every scenario and figure present at both ends, the figure at the smallest and the largest
    size and how many times it grew. ``runs`` are result dictionaries, each with ``n`` and ``scenarios``."""
    if len(runs) < 2:
        return []
    ordered = sorted(runs, key=lambda run: run["n"])
    small = {scenario["name"]: scenario for scenario in ordered[0]["scenarios"]}
    rows = []
    for scenario in ordered[-1]["scenarios"]:
        before = small.get(scenario["name"])
        if before is None:
            continue
        for figure, (label, direction) in GROWING_FIGURES.items():
            if figure not in scenario or figure not in before:
                continue
            if "rows" in scenario and figure not in PER_ROW_FIGURES:
                continue
            factor = growth_factor(before[figure], scenario[figure], direction)
            rows.append(
                {
                    "scenario": scenario["name"],
                    "figure": figure,
                    "label": label,
                    "smallest": before[figure],
                    "largest": scenario[figure],
                    "factor": factor,
                    "flagged": not math.isnan(factor) and factor > GROWTH_LIMIT,
                }
            )
    return rows


def growth_table(rows):
    """The growth as one line per scenario and one column per figure: factors only (the tables of
    each size hold the figures), a flagged factor marked with "!"."""
    figures = [figure for figure in GROWING_FIGURES if any(row["figure"] == figure for row in rows)]
    scenarios = list(dict.fromkeys(row["scenario"] for row in rows))
    factors = {(row["scenario"], row["figure"]): row for row in rows}
    body = []
    for scenario in scenarios:
        line = [scenario]
        for figure in figures:
            row = factors.get((scenario, figure))
            line.append("" if row is None else f"{number(row['factor'], 2)}×" + (" !" if row["flagged"] else ""))
        body.append(line)
    return ["scenario", *(GROWING_FIGURES[figure][0] for figure in figures)], body
