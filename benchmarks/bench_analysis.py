"""The risk analysis (``domain.analysis.analyse``: answers and inventories to the register,
findings and plan) at growing practice sizes, against a floor that only reads every record
once: the assets, vendors and sites grouped by what the analysis looks at (kind, site,
encryption, patient data; a vendor's kind and agreement), every answer looked at.

    .venv/bin/python benchmarks/bench_analysis.py [--sizes 500,2000,10000,50000] [--runs 7]

Ours and the floor alternate, medians; the last column is the cost per 1,000 assets, which
stays flat when the analysis grows in step with the practice. (This replaced a test that
timed the analysis of the large demo with a stopwatch: tests check behaviour.)
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import TODAY, alternate, practice_of  # noqa: E402

from riskwizard.domain.analysis import analyse  # noqa: E402
from riskwizard.resources import installed_catalogue, installed_questionnaire  # noqa: E402


def floor(answers: Mapping[str, Any], assets: Sequence[Any], vendors: Sequence[Any],
          sites: Sequence[Any]) -> int:
    """Every record read once and grouped by the fields the analysis rates them on."""
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for a in assets:
        groups[("asset", a.kind, a.site_id, a.encrypted_at_rest, a.holds_ephi,
                a.disposal_status)].append(a.id)
    for v in vendors:
        groups[("vendor", v.kind, v.handles_ephi, v.baa_problem(TODAY))].append(v.id)
    for s in sites:
        groups[("site", s.id)].append(s.id)
    seen = sum(1 for a in answers.values() if a.choice)
    return len(groups) + seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,2000,10000,50000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    q, catalogue = installed_questionnaire(), installed_catalogue()
    print("| measure | ours | floor | ratio | ms per 1,000 assets |")
    print("|---|---|---|---|---|")
    first = 0.0
    for n in (int(s) for s in args.sizes.split(",")):
        r = size(n, args.runs, q, catalogue)
        per = r["ours"] * 1000 / (n / 1000)
        first = first or per
        print(f"| analysis, {n:,} assets | {r['ours'] * 1000:.1f} ms | "
              f"{r['floor'] * 1000:.2f} ms | {r['ours'] / r['floor']:.1f} | "
              f"{per:.2f} ({per / first:.2f}× the smallest) |", flush=True)


def size(n: int, runs: int, q: Any, catalogue: Any) -> dict[str, Any]:
    """Ours and the floor on a practice of ``n`` assets, alternating."""
    data = practice_of(n)
    latest = data.latest_assessment()
    answers = data.answers_for(latest.id)
    return alternate(
        runs,
        lambda: analyse(catalogue, q, answers, data.assets, data.vendors, data.sites, TODAY),
        lambda: floor(answers, data.assets, data.vendors, data.sites))


if __name__ == "__main__":
    main()
