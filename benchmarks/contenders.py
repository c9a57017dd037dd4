"""The benchmark's data and contenders: generated clusters, and the same rules done other ways.

Every contender reads the same CSV file with the same reader class — pyarrow's C reader (``arrow``)
or the csv module (``stdlib``) — and writes its per-rule decisions as CSV with the matching writer;
the garbage collector is left on for all. Used by ``benchmarks/run.py``.
"""

from __future__ import annotations

import csv
import random
import statistics
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from rules_baseline import COLUMNS, RULES, numpy_rules, python_rules

AS_OF = date(2025, 5, 20)
ATTESTATIONS = (
    "pillar_industry", "fits_national_industrial_policy", "fits_provincial_industrial_policy", "well_known_brand",
    "supply_chain_collaboration", "innovation_cooperation", "standard_setting", "core_technology_breakthroughs",
    "digital_transformation", "green_development", "open_cooperation", "operating_body", "public_service_system",
    "policy_coverage", "three_year_plan",
)  # fmt: skip


# --- data ------------------------------------------------------------------------------------------


def _d(x: float, places: int = 2) -> str:
    return f"{x:.{places}f}"


def generate(n: int, seed: int = 20261121) -> Iterator[dict[str, str]]:
    """Complete, plausible clusters; every 25th row sits exactly on a threshold. SME and leading-industry
    output never exceed the year's total (a profile refuses a part above its whole)."""
    rng = random.Random(seed)
    for i in range(n):
        t0 = rng.uniform(10, 300)
        g1, g2 = rng.uniform(0.95, 1.25), rng.uniform(0.95, 1.25)
        totals = [Decimal(_d(t0)), Decimal(_d(t0 * g1)), Decimal(_d(t0 * g1 * g2))]
        sme = Decimal(_d(float(totals[2]) * rng.uniform(0.5, 0.95)))
        lead = Decimal(_d(float(totals[2]) * rng.uniform(0.5, 0.95)))
        rd = [Decimal(_d(rng.uniform(0.5, 10))) for _ in range(3)]
        emp = rng.randint(2000, 90000)
        pat0 = rng.randint(10, 900)
        pats = [pat0, int(pat0 * rng.uniform(0.95, 1.2)), int(pat0 * rng.uniform(1.0, 1.4))]
        area = Decimal(_d(rng.uniform(5, 140), 1))
        kind = i % 25
        if kind == 1:  # growth exactly 10 % a year; SME share exactly 70 %; leading share exactly 70 %
            totals, sme, lead = [Decimal(100), Decimal(110), Decimal(121)], Decimal("84.7"), Decimal("84.7")
        elif kind == 2:  # growth exactly 5 %; shares exactly 60 %; output exactly 40 / 20
            totals, sme, lead = [Decimal(400), Decimal(420), Decimal(441)], Decimal("264.6"), Decimal("264.6")
        elif kind == 3:  # output exactly 40 / 20; the parts scaled with the last total (a part never exceeds it)
            scale = Decimal("40.5") / totals[2]
            totals = [Decimal(40), Decimal(20), Decimal("40.5")]
            sme, lead = (sme * scale).quantize(Decimal("0.01")), (lead * scale).quantize(Decimal("0.01"))
        elif kind == 4:  # patents per 10,000 exactly 6; patents growth exactly 10 %; R&D growth exactly 5 %
            pats, rd = [100, 110, 121], [Decimal(4), Decimal("4.2"), Decimal("4.41")]
            emp = 201_666  # 121 / 201,666 × 10,000 = 5.99998…: just below 6
        elif kind == 5:
            emp, pats = 50_000, [25, 27, 30]  # exactly 6 per 10,000
        elif kind == 6:
            area = Decimal(100)
        row = {
            "name": f"集群{i:06d}",
            "province": "海南省" if i % 2 else "浙江省",
            "region": ("east", "central", "west", "northeast")[i % 4],
            "area_km2": str(area),
            "assessment_date": "2025-05-20",
            "application_year": "2025",
            "applicant": "county_sme_authority",
            "within_one_county": "true",
            "provincial_cluster": "true" if rng.random() < 0.8 else "false",
            "front_rank": rng.choice(("national", "provincial", "none")),
            "special_circumstances": "false",
            "high_energy": "true" if rng.random() < 0.2 else "false",
            "high_water": "false",
            "incidents": "none" if rng.random() < 0.97 else '[{"date": "2024-03-01", "kind": "safety_accident", "grade": "larger"}]',
        }
        for y, t, r, p in zip((2022, 2023, 2024), totals, rd, pats):
            row[f"years.{y}.total_output"] = str(t)
            row[f"years.{y}.sme_output"] = str(sme if y == 2024 else (t * Decimal("0.7")).quantize(Decimal("0.01")))
            row[f"years.{y}.leading_output"] = str(lead if y == 2024 else (t * Decimal("0.7")).quantize(Decimal("0.01")))
            row[f"years.{y}.sme_rd_spending"] = str(r)
            row[f"years.{y}.valid_invention_patents"] = str(p)
            row[f"years.{y}.employees"] = str(emp)
        for f, hi in (("single_champions", 1), ("little_giants", 2), ("specialised_smes", 9), ("innovative_smes", 6), ("high_tech", 6)):
            row[f"firms.{f}"] = str(rng.randint(0, hi))
        for key in ATTESTATIONS:
            row[f"attestations.{key}"] = "true" if rng.random() < 0.95 else "false"
        row["attestations.energy_efficiency_above_benchmark"] = "true"
        yield row


def write_csv(path: Path, rows: Iterator[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        first = next(rows)
        w = csv.DictWriter(f, list(first))
        w.writeheader()
        w.writerow(first)
        w.writerows(rows)


# --- timing ----------------------------------------------------------------------------------------


def taking_turns(contenders: dict, rounds: int) -> dict[str, float]:
    """Median seconds per call of each ``name: (fn, number)``, timed in turns — every round times each
    contender once, ``number`` calls in a row — so that all see the machine in the same state."""
    for fn, _ in contenders.values():
        fn()  # warm-up
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, (fn, number) in contenders.items():
            t = time.perf_counter()
            for _ in range(number):
                fn()
            times[name].append((time.perf_counter() - t) / number)
    return {name: statistics.median(ts) for name, ts in times.items()}


def median_time(fn, repeat: int, number: int = 1) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t) / number)
    return statistics.median(times)


def cold(commands: dict[str, list[str]], repeat: int, env: dict[str, str] | None = None,
         before: dict[str, object] | None = None) -> dict[str, float]:  # fmt: skip
    """Median wall time of fresh processes; the contenders take turns in every round (drift hits all)."""
    times: dict[str, list[float]] = {k: [] for k in commands}
    for name, cmd in commands.items():  # warm-up: bytecode caches written, files in the page cache
        subprocess.run(cmd, check=True, capture_output=True, env=env)
    for _ in range(repeat):
        for name, cmd in commands.items():
            if before and name in before:
                before[name]()  # type: ignore[operator]
            t = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            times[name].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}


# --- reading the same file the same ways ---------------------------------------------------------------


def read_arrow_columns(src: Path, names=COLUMNS) -> dict:
    """The baselines' columns via pyarrow's C reader (types inferred in C)."""
    import pyarrow.csv as pcsv

    table = pcsv.read_csv(src, convert_options=pcsv.ConvertOptions(include_columns=list(names)))
    return {c: table.column(c) for c in names}


def read_stdlib_columns(src: Path) -> dict[str, tuple[str, ...]]:
    with src.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        cols = dict(zip(header, zip(*reader)))
    return {c: cols[c] for c in COLUMNS}


def write_words_arrow(out: Path, block) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv

    words = pa.array(["fail", "pass", "unknown"])
    pcsv.write_csv(pa.table({r: words.take(pa.array(np.asarray(block[:, j], dtype=np.int8))) for j, r in enumerate(RULES)}), out)


def write_words_stdlib(out: Path, rows) -> None:
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(RULES)
        w.writerows(rows)


# --- the contenders -----------------------------------------------------------------------------------

_WORDS = {True: "pass", False: "fail", None: "unknown"}
_CODE = {True: 1, False: 0, None: 2}


def python_file(src: Path, out: Path, reader: str) -> None:
    """The 15 rules in plain Python with exact Decimals (three-valued), file to file."""
    if reader == "arrow":
        import numpy as np

        cols = read_arrow_columns(src)
        texts = {c: [None if v is None else Decimal(str(v)) for v in col.cast("string").to_pylist()] for c, col in cols.items()}
        n = len(next(iter(texts.values())))
        results = [python_rules({c: texts[c][i] for c in COLUMNS}) for i in range(n)]
        write_words_arrow(out, np.array([[_CODE[x] for x in r] for r in results], dtype=np.int8).reshape(n, len(RULES)))
        return
    with src.open(encoding="utf-8", newline="") as f:
        results = [python_rules({c: (Decimal(row[c]) if row[c] else None) for c in COLUMNS}) for row in csv.DictReader(f)]
    write_words_stdlib(out, ([_WORDS[x] for x in r] for r in results))


def numpy_arrays(cols: dict):
    import numpy as np

    return {c: (v.to_numpy().astype(np.float64) if hasattr(v, "to_numpy") else np.array(v, dtype=np.float64)) for c, v in cols.items()}


def numpy_file(src: Path, out: Path, reader: str) -> None:
    """The 15 rules in numpy float64, file to file."""
    import numpy as np

    arrays = numpy_arrays(read_arrow_columns(src) if reader == "arrow" else read_stdlib_columns(src))
    block = np.stack([np.asarray(r, dtype=bool) for r in numpy_rules(arrays, np)], axis=1).astype(np.int8)
    if reader == "arrow":
        write_words_arrow(out, block)
    else:
        words = np.array(["fail", "pass"], dtype=object)[block]
        write_words_stdlib(out, words.tolist())


def read_decisions(path: Path, rules=RULES) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [[row[r] for r in rules] for row in csv.DictReader(f)]


def ours_decisions(path: Path) -> list[list[str]]:
    # Soft fail (area) is "not met" for the comparison; waived does not occur in the data.
    return [["fail" if x == "soft_fail" else x for x in r] for r in read_decisions(path)]


def mismatches(ours: list[list[str]], other: list[list[str]]) -> dict[str, int]:
    out = {}
    for j, rule in enumerate(RULES):
        k = sum(1 for a, b in zip(ours, other) if a[j] != b[j])
        if k:
            out[rule] = k
    return out
