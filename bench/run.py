"""Benchmark the site at several catalogue sizes: `python -m bench.run 10000 100000` (the default).

Each size runs in a process of its own (`python -m bench.measure --n N`), since Django's settings,
the database among them, are fixed once per process. With more than one size, the end of the run
shows how each figure grew from each size to the next and flags a growth over 2 times.
Options are those of bench.measure; see bench/README.md.
"""

import argparse
import json
import signal
import subprocess
import sys

from . import report
from .measure import RESULTS, options


def forwarded(args, parser):
    """The options given to this run, spelt out again for each size's process."""
    argv = []
    for action in parser._actions:
        value = getattr(args, action.dest, None)
        if not action.option_strings or value in (None, False) or value == action.default:
            continue
        argv += [action.option_strings[0]] if value is True else [action.option_strings[0], str(value)]
    return argv


def measure_one_size(n, extra):
    """Run bench.measure for ``n`` and return its exit code.

    On ctrl-C the child, which gets the signal too, is waited for, so that it stops its server
    before this process ends; a ``SIGTERM`` sent to this process is passed on to it.
    """
    process = subprocess.Popen([sys.executable, "-m", "bench.measure", "--n", str(n), *extra])
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.wait()
        raise


def print_growth(runs):
    for smaller, larger, rows in report.growth_steps(runs):
        if not rows:
            continue
        print(f"\nGrowth from N = {smaller:,} to N = {larger:,}: how many times worse each figure got")
        print(report.table(*report.growth_table(rows)))
        flagged = [row for row in rows if row["flagged"]]
        if flagged:
            print(f"! grew more than {report.GROWTH_LIMIT:g}×:")
            for row in flagged:
                before, after = report.number(row["smaller"]), report.number(row["larger"])
                print(f"  {row['scenario']}, {row['label']}: {before} → {after} ({report.number(row['factor'], 2)}×)")
        else:
            print(f"No figure grew more than {report.GROWTH_LIMIT:g}×.")


def main(argv=None):
    common = options()
    parser = argparse.ArgumentParser(description=__doc__, parents=[common])
    parser.add_argument("sizes", type=int, nargs="*", default=[10000, 100000], help="catalogue sizes")
    args = parser.parse_args(argv)
    extra = forwarded(args, common)
    for n in args.sizes:
        print(f"\n== N = {n:,}", flush=True)
        code = measure_one_size(n, extra)
        if code:
            sys.exit(f"The benchmark at N = {n:,} failed (exit {code}); see the messages above.")
    if args.prepare_only:
        return
    runs = [json.loads((RESULTS / f"{n}.json").read_text()) for n in args.sizes]
    print_growth(runs)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("Stopped.")
