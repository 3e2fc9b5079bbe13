"""Benchmark one catalogue size: `python -m bench.measure --n 10000` (bench.run calls it per size).

1. Prepare the database sstc_bench_<N> (bench/database.py) and collect the static files.
2. In-process, with Django's test client on the same database: choose each scenario's addresses,
   count its SQL queries, and save the catalogue page as the static reference file. This process
   has no statement timeout (seeding and VACUUM at 1,000,000 take longer than production's 15 s);
   the server keeps the one of the environment, production's by default.
3. Start gunicorn as in production (bench/server.py) and drive it from this process with the load
   client (bench/load.py), one scenario after another.
4. Print the table and write bench/results/<N>.json.
"""

import argparse
import atexit
import json
import os
import platform
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from . import load, report
from .server import PROJECT, Gunicorn, gunicorn_settings, memory_kb, reset_peak_memory

RESULTS = PROJECT / "bench" / "results"

# The production settings, over plain http on the loopback; the admin asks for a password only.
BENCH_ENVIRONMENT = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-never-for-a-deployment",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "ADMIN_REQUIRE_2FA": "0",
    "DJANGO_SETTINGS_MODULE": "sstc.settings",
}
# Production shares one cache among its workers (docs/deploy.md); so does the benchmark's server.
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/15"


def options():
    """The options that bench.run passes on to each size."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic catalogue (default 1)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds measured per scenario (default 20)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per scenario (default 2)")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight at once (default 4)")
    parser.add_argument("--export-repeats", type=int, default=3, help="whole-catalogue exports in a row (default 3)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8201, help="the benchmark server's port (default 8201)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: as sstc/gunicorn.conf.py)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: as sstc/gunicorn.conf.py)")
    parser.add_argument(
        "--database-server",
        default="postgres://postgres@127.0.0.1:5432",
        help="PostgreSQL server; the database is sstc_bench_<N> on it",
    )
    parser.add_argument(
        "--only",
        help="run only these scenarios (names as in the JSON, comma-separated); the static reference always runs",
    )
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("CACHE_URL", DEFAULT_CACHE_URL),
        help=f"the cache the workers share, as in production (default $CACHE_URL or {DEFAULT_CACHE_URL}; "
        "'' for each worker's own memory); emptied before each size",
    )
    parser.add_argument("--prepare-only", action="store_true", help="make or check the database, measure nothing")
    parser.add_argument("--fresh", action="store_true", help="make the database again even if it holds N already")
    return parser


def set_up_django(args):
    """Django in this process, on the size's database. Returns the environment for the server, which
    keeps the statement timeout of the environment (production's 15 s unless it is set)."""
    server_timeout = os.environ.get("DATABASE_STATEMENT_TIMEOUT")
    os.environ.update(BENCH_ENVIRONMENT)
    os.environ["DATABASE_URL"] = f"{args.database_server.rstrip('/')}/sstc_bench_{args.n}"
    os.environ["CACHE_URL"] = args.cache_url
    if args.workers:
        os.environ["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        os.environ["GUNICORN_THREADS"] = str(args.threads)
    server_environment = dict(os.environ)
    if server_timeout is not None:
        server_environment["DATABASE_STATEMENT_TIMEOUT"] = server_timeout
    # Seeding, VACUUM and the in-process counts at 1,000,000 may take longer than a request may.
    os.environ["DATABASE_STATEMENT_TIMEOUT"] = "0"
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    return server_environment


def machine():
    """What the figures were measured on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory_kb_total = int(Path("/proc/meminfo").read_text().split()[1])
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=PROJECT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb_total / 2**20),
        "commit": commit,
        # Other work on the machine during the run (the 5-minute load average, with the
        # benchmark's own share in it): above the number of cores, the figures are slowed.
        "load_average_5min": round(os.getloadavg()[1], 1),
    }


def prepare(args):
    """The database, the static files, the scenarios and their query counts, the reference file."""
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from . import database, scenarios

    print(f"Preparing the database sstc_bench_{args.n}…", flush=True)
    database.prepare(settings.DATABASES["default"], n=args.n, seed=args.seed, fresh=args.fresh)
    call_command("collectstatic", interactive=False, verbosity=0)
    # Each size starts cold: the catalogue's version numbers of two databases could meet in one cache.
    cache.clear()
    # Then, as a deploy does (``make serve``), the catalogue's index is built and shared before the
    # server starts, so that no worker builds its own.
    call_command("build_catalogue_index")

    staff = Client(headers={"host": args.host})
    chosen = scenarios.build(staff, args.seed)
    if args.only:
        wanted = set(args.only.split(","))
        if unknown := wanted - {scenario.name for scenario in chosen}:
            raise SystemExit(f"No scenario named {', '.join(sorted(unknown))}.")
        chosen = [s for s in chosen if s.name in wanted or s.name == "static"]
    for scenario in chosen:  # the curator's saves are put back however the run ends
        if scenario.finish:
            atexit.register(scenario.finish)
    # The reference is the catalogue page itself, saved as a static file. It is written before the
    # clients below (and gunicorn) start, since whitenoise lists the static files when it starts.
    catalogue_page = Client(headers={"host": args.host}).get(scenarios.catalogue_path()).content
    reference = Path(settings.STATIC_ROOT) / scenarios.STATIC_REFERENCE
    reference.parent.mkdir(parents=True, exist_ok=True)
    reference.write_bytes(catalogue_page)
    anonymous = Client(headers={"host": args.host})

    print("Counting SQL queries in-process…", flush=True)
    queries = {s.name: scenarios.count_queries(staff if s.headers else anonymous, s) for s in chosen}
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        postgres = cursor.fetchone()[0].split(" on ")[0]
        published = scenarios.CaseStudy.objects.published().count()
    connection.close()
    facts = {"postgresql": postgres, "published": published, "reference_bytes": len(catalogue_page)}
    return chosen, queries, {**facts, "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def run_load(args, scenario):
    result = load.run(
        args.host,
        args.port,
        scenario.addresses.next,
        concurrency=args.concurrency,
        duration=args.duration,
        warmup=args.warmup,
        headers=scenario.headers,
    )
    return {
        **report.summarise(result.latencies, result.elapsed),
        "errors": result.errors,
        "bytes": result.bytes_read,
        "repeated": scenario.addresses.repeated,
    }


def run_cycles(args, scenario):
    """A curator's save, then one request, again and again: the request is what is measured (the
    save's own time is reported beside it). One cycle at a time, so the rate is no figure here."""
    from .scenarios import MINIMUM_SAVES

    try:
        result = load.cycles(
            args.host,
            args.port,
            scenario.path,
            before_each=scenario.before_each,
            duration=args.duration,
            warmup=args.warmup,
            minimum=MINIMUM_SAVES,
            headers=scenario.headers,
        )
    finally:
        scenario.finish()
    saves = report.summarise(result.before_latencies, result.elapsed)
    return {
        **report.summarise(result.latencies, result.elapsed),
        "rps": None,
        "errors": result.errors,
        "bytes": result.bytes_read,
        "save_p50_ms": saves["p50_ms"],
        "save_p95_ms": saves["p95_ms"],
    }


def run_export(args, scenario, server, rows):
    """The whole-catalogue export a few times in a row, and how much the serving worker's memory
    grew meanwhile: its peak (VmHWM) over its size before. A small export goes first, so that the
    code any export loads is not counted; a large one first would hide the growth, since freed
    memory stays with the process and the measured exports would reuse it."""
    before = {}

    def read_memory():
        for pid in server.worker_pids():
            before[pid] = memory_kb(pid)["VmRSS"]
            before_peak_reset[pid] = reset_peak_memory(pid)

    before_peak_reset = {}
    result = load.sequential(
        args.host,
        args.port,
        scenario.path,
        repeats=args.export_repeats,
        warmup_path=scenario.warmup_path,
        before_measuring=read_memory,
    )
    after = {pid: memory_kb(pid) for pid in before if Path(f"/proc/{pid}").exists()}
    growth_kb = max((after[pid]["VmHWM"] - before[pid] for pid in after), default=0)
    retained_kb = max((after[pid]["VmRSS"] - before[pid] for pid in after), default=0)
    peak_reset = all(before_peak_reset.values())
    figures = report.summarise(result.latencies, result.elapsed)
    mean_seconds = sum(result.latencies) / len(result.latencies) if result.latencies else float("nan")
    return {
        **figures,
        "errors": result.errors,
        "bytes": result.bytes_read // max(len(result.latencies), 1),
        "rows": rows,
        "us_per_row": mean_seconds * 1e6 / rows if rows else float("nan"),
        "slowest_s": max(result.latencies, default=float("nan")),
        "memory_growth_mb": growth_kb / 1024,
        "memory_retained_mb": retained_kb / 1024,
        "peak_reset": peak_reset,
    }


def measure(args, chosen, published, server_environment):
    env = {**server_environment, "GUNICORN_ACCESS_LOG": str(RESULTS / f"{args.n}-access.log")}
    figures = {}
    with Gunicorn(
        host=args.host,
        port=args.port,
        env=env,
        log_path=RESULTS / f"{args.n}-server.log",
        ready_path=chosen[0].path,
    ) as server:
        workers = len(server.worker_pids())
        for scenario in chosen:
            print(f"  {scenario.title}…", end=" ", flush=True)
            if scenario.kind == "sequential":
                figures[scenario.name] = run_export(args, scenario, server, published)
            elif scenario.kind == "cycles":
                figures[scenario.name] = run_cycles(args, scenario)
            else:
                figures[scenario.name] = run_load(args, scenario)
            done = figures[scenario.name]
            errors = f", errors {done['errors']}" if done["errors"] else ""
            rate = "" if done["rps"] is None else f"{report.number(done['rps'])} req/s, "
            print(f"{rate}p95 {report.number(done['p95_ms'])} ms{errors}", flush=True)
    return figures, workers


def results(args, chosen, queries, figures, facts, workers):
    static = figures["static"]
    scenarios = []
    for scenario in chosen:
        done = figures[scenario.name]
        counts = queries[scenario.name]
        entry = {
            "name": scenario.name,
            "title": scenario.title,
            "detail": scenario.detail,
            "paths": scenario.addresses.examples,
            "fresh": scenario.addresses.once,
            "matches": scenario.matches,
            **done,
            "queries": max(counts[1:] or counts),
            "queries_first": counts[0],
        }
        if scenario.kind == "load" and scenario.name != "static":
            entry.update(report.compare_with_static(done, static))
        entry["budgets"] = [
            {**budget, "met": report.budget_met(budget, entry)} for budget in report.budgets(scenario.name, args.n)
        ]
        entry["met"] = all(budget["met"] for budget in entry["budgets"]) if entry["budgets"] else None
        scenarios.append(entry)
    return {
        "n": args.n,
        "seed": args.seed,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **facts,
        "server": {"workers": workers, "threads": gunicorn_settings(os.environ)["threads"]},
        "load": {"concurrency": args.concurrency, "duration_s": args.duration, "warmup_s": args.warmup},
        "scenarios": scenarios,
    }


# Figures a budget may be on that have no column of their own: the budget's text shows them.
SHOWN_WITH_BUDGET = {"memory_growth_mb", "slowest_s"}


def budget_cells(scenario):
    """The budgets of a scenario at this size, in words, and whether they are met: "met", "NOT MET",
    or "report" when the issue sets no budget for it at this size."""
    texts = []
    for budget in scenario["budgets"]:
        text = report.describe_budget(budget)
        if budget["figure"] in SHOWN_WITH_BUDGET:
            text += f": {report.number(scenario[budget['figure']])} {budget['unit']}"
        texts.append(text)
    if scenario["met"] is None:
        return "", "" if scenario["name"] == "static" else "report"
    return "; ".join(texts), "met" if scenario["met"] else "NOT MET"


def notes(scenario):
    """The line under the table that says what exactly a scenario asked."""
    text = f"  {scenario['title']}: {scenario['detail']}"
    if scenario["matches"]:
        listed = ", ".join(f"{count:,}" for count in scenario["matches"])
        text += f" (the first {'list' if len(scenario['matches']) > 1 else 'lists'} {listed})"
    if scenario.get("repeated"):
        text += f"; ran out of new addresses: {scenario['repeated']:,} requests asked one again"
    if "save_p95_ms" in scenario:
        text += (
            f"; the save itself p50 {report.number(scenario['save_p50_ms'])} ms,"
            f" p95 {report.number(scenario['save_p95_ms'])} ms"
        )
    if scenario.get("errors"):
        text += f"; errors: {scenario['errors']}"
    return text


def print_table(run):
    header = [
        "scenario",
        "requests",
        "req/s",
        "p50 ms",
        "p95 ms",
        "queries",
        "× static",
        f"budget at {run['n']:,}",
        "met",
    ]
    rows = []
    for s in run["scenarios"]:
        queries = report.number(s["queries"])
        if s["queries_first"] != s["queries"]:
            queries += f" (first {s['queries_first']})"
        budget_text, met = budget_cells(s)
        ratio = s.get("static_rps_ratio")
        rows.append(
            [
                s["title"],
                report.number(s["requests"]),
                "" if s["rps"] is None else report.number(s["rps"]),
                report.number(s["p50_ms"]),
                report.number(s["p95_ms"]),
                queries,
                "" if ratio is None else f"{report.number(ratio)}×",
                budget_text,
                met,
            ]
        )
    m = run["machine"]
    print(
        f"\nN = {run['n']:,} ({run['published']:,} published), seed {run['seed']}, {run['measured_at']}, "
        f"{m['cores']} cores ({m['cpu']}), {run['postgresql']}, gunicorn {run['server']['workers']} workers × "
        f"{run['server']['threads']} threads, cache {run.get('cache', '?')}, "
        f"{run['load']['concurrency']} concurrent requests, "
        f"{run['load']['duration_s']:g} s per scenario after {run['load']['warmup_s']:g} s warm-up, "
        f"commit {m['commit']}, load average {m['load_average_5min']:g} at the end"
    )
    print(report.table(header, rows))
    for s in run["scenarios"]:
        print(notes(s))
    export = next((s for s in run["scenarios"] if s["name"] == "export-csv"), None)
    if export:
        print(
            f"  CSV export: {export['rows']:,} rows, {export['bytes'] / 2**20:,.1f} MB, "
            f"{export['p50_ms'] / 1000:,.2f} s each; worker memory peak +{export['memory_growth_mb']:,.1f} MB, "
            f"kept +{export['memory_retained_mb']:,.1f} MB"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, parents=[options()])
    parser.add_argument("--n", type=int, required=True, help="synthetic case studies (0: the guide's own only)")
    args = parser.parse_args(argv)
    # A plain kill stops the run the way ctrl-C does: the server is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    RESULTS.mkdir(parents=True, exist_ok=True)
    server_environment = set_up_django(args)
    if args.prepare_only:
        from django.conf import settings

        from . import database

        database.prepare(settings.DATABASES["default"], n=args.n, seed=args.seed, fresh=args.fresh)
        print(f"sstc_bench_{args.n} is ready.")
        return
    chosen, queries, facts = prepare(args)
    figures, workers = measure(args, chosen, facts["published"], server_environment)
    run = results(args, chosen, queries, figures, facts, workers)
    print_table(run)
    path = RESULTS / f"{args.n}.json"
    path.write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n")
    print(f"Written {path.relative_to(PROJECT)} in {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)  # the server has been stopped on the way out
