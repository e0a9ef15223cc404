"""What the Python binding adds to each ``ask``: the labelled questions of the sample's
tuning set, asked of the sample FAQ from Python and from Rust, in one process.

    python bindings/python/bench/ask_overhead.py [--rounds 15] [--json]

The Rust side is ``toiawase._native._time_asks``: a loop in Rust timing
``Engine::ask(question)`` (the response dropped included) on the same engine and the same
questions, so that the two measures differ only by what the binding does — taking the
arguments, releasing and retaking the GIL, copying the response out of the engine and
building the Python objects. Rounds of the two alternate, so that a load that comes and
goes on a shared machine weighs on both alike. Each ask is timed alone; the figures are
the median and the mean per ask.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Dict, List

import toiawase
from toiawase._native import _time_asks

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "examples" / "municipal-faq.toml"
TUNE = REPO / "tests" / "data" / "quality" / "sample" / "tune.tsv"


def questions() -> List[str]:
    rows = []
    for line in TUNE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t")[0])
    return rows


def time_python(engine: toiawase.Engine, asked: List[str]) -> List[int]:
    clock = time.perf_counter_ns
    times = []
    for question in asked:
        start = clock()
        engine.ask(question)
        times.append(clock() - start)
    return times


def summary(times: List[int]) -> Dict[str, float]:
    return {
        "median_us": statistics.median(times) / 1000,
        "mean_us": statistics.fmean(times) / 1000,
        "asks": len(times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="passes over the questions")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    engine = toiawase.Engine.from_path(SAMPLE)
    asked = questions()
    # Warm up both paths (caches, allocator, branch predictors).
    time_python(engine, asked)
    _time_asks(engine, asked, 1)

    python: List[int] = []
    rust: List[int] = []
    for _ in range(args.rounds):
        python += time_python(engine, asked)
        rust += _time_asks(engine, asked, 1)

    result = {
        "questions": len(asked),
        "rounds": args.rounds,
        "python": summary(python),
        "rust": summary(rust),
    }
    result["ratio_median"] = result["python"]["median_us"] / result["rust"]["median_us"]
    result["ratio_mean"] = result["python"]["mean_us"] / result["rust"]["mean_us"]
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{len(asked)} labelled questions of {TUNE.relative_to(REPO)}, "
              f"{args.rounds} rounds, sample FAQ ({len(engine)} entries)")
        print(f"{'':8}{'median µs':>12}{'mean µs':>12}")
        for side in ("python", "rust"):
            print(f"{side:8}{result[side]['median_us']:>12.1f}{result[side]['mean_us']:>12.1f}")
        print(f"{'ratio':8}{result['ratio_median']:>12.2f}{result['ratio_mean']:>12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
