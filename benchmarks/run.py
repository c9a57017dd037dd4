"""One command for every figure in benchmarks/RESULTS.md, measured in one run on the same data.

    python benchmarks/run.py            # full run: 10k and 100k rows (a few minutes)
    python benchmarks/run.py --quick    # 2k rows, fewer repeats (a smoke test)

Run it with the Python of an environment where clusterpolicy is installed with the ``batch``
extra (``pip install -e '.[batch]'``). OpenFisca is installed into its own virtualenv
(``benchmarks/.venv-openfisca`` by default; created on first use) and never into the project's.

What is measured (medians of repeated runs):
- start-up: ``python -c pass``; import + plugin discovery; ``clusterpolicy compare`` on one profile
  (cold, each a fresh process);
- building all regimes (plugin discovery + hooks + resolution + compilation), warm;
- one profile × all regimes, warm, against a hand-written plain-Python function of the 15 numeric
  national and Hainan rules;
- batches of N rows × 2 regimes (national, hainan) with per-rule results: evaluation only (data
  already in memory) and file to file (CSV in → CSV out), against the same rules hand-written in
  plain Python (exact decimals), in numpy (float64) and in OpenFisca (float64 and its default
  float32). Decisions of every baseline are compared with clusterpolicy's, rule by rule.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from rules_baseline import COLUMNS, RULES, numpy_rules, python_rules  # noqa: E402

OPENFISCA = "openfisca-core==46.0.1"
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


def generate(n: int, seed: int = 20261121) -> list[dict[str, str]]:
    """Complete, plausible clusters; every 25th row sits exactly on a threshold."""
    rng = random.Random(seed)
    rows = []
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
        elif kind == 3:
            totals = [Decimal(40), Decimal(20), Decimal("40.5")]
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
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]))
        w.writeheader()
        w.writerows(rows)


# --- timing helpers --------------------------------------------------------------------------------


def median_time(fn, repeat: int, number: int = 1) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t) / number)
    return statistics.median(times)


def cold(cmd: list[str], repeat: int) -> float:
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


# --- baselines -------------------------------------------------------------------------------------


def python_file_to_file(src: Path, out: Path) -> list[list[bool | None]]:
    with src.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        results = []
        for row in reader:
            p = {c: (Decimal(row[c]) if row[c] else None) for c in COLUMNS}
            results.append(python_rules(p))
    words = {True: "pass", False: "fail", None: "unknown"}
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(RULES)
        w.writerows([words[x] for x in r] for r in results)
    return results


def numpy_arrays(cols: dict[str, list[str]]):
    import numpy as np

    return {c: np.array(cols[c], dtype=np.float64) for c in COLUMNS}


def numpy_file_to_file(src: Path, out: Path):
    import numpy as np

    with src.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        cols = dict(zip(header, zip(*reader)))
    res = numpy_rules(numpy_arrays(cols), np)
    block = np.stack([np.asarray(r, dtype=bool) for r in res], axis=1)
    words = np.array(["fail", "pass"], dtype=object)[block.astype(np.int8)]
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(RULES)
        w.writerows(words.tolist())
    return block


def read_decisions(path: Path, rules=RULES) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return [[row[r] for r in rules] for row in reader]


def ours_decisions(path: Path) -> list[list[str]]:
    # Soft fail (area) is "not met" for the comparison; waived does not occur in the data.
    rows = read_decisions(path)
    return [["fail" if x == "soft_fail" else x for x in r] for r in rows]


def mismatches(ours: list[list[str]], other: list[list[str]]) -> dict[str, int]:
    out = {}
    for j, rule in enumerate(RULES):
        k = sum(1 for a, b in zip(ours, other) if a[j] != b[j])
        if k:
            out[rule] = k
    return out


# --- OpenFisca in its own virtualenv ---------------------------------------------------------------


def openfisca_python(venv: Path, log) -> Path | None:
    python = venv / "bin" / "python"
    if python.exists():
        ok = subprocess.run([python, "-c", "import openfisca_core, numpy"], capture_output=True).returncode == 0
        if ok:
            return python
    log(f"creating {venv} and installing {OPENFISCA} (benchmark only) …")
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", OPENFISCA, "numpy"], check=True, capture_output=True)
    except subprocess.CalledProcessError as exc:
        log(f"OpenFisca could not be installed: {exc.stderr.decode(errors='replace')[-400:]}")
        return None
    return python


def run_openfisca(python: Path, src: Path, out: Path, bits: int, repeat: int) -> dict:
    proc = subprocess.run(
        [python, str(HERE / "openfisca_bench.py"), str(src), str(out), "--float", str(bits), "--repeat", str(repeat)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(proc.stdout)


# --- the run ----------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy

    import clusterpolicy

    mem = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "clusterpolicy": clusterpolicy.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes and few repeats (smoke test)")
    ap.add_argument("--sizes", default=None, help="comma-separated batch sizes (default 10000,100000)")
    ap.add_argument("--openfisca-venv", default=str(HERE / ".venv-openfisca"), help="virtualenv for OpenFisca")
    ap.add_argument("--no-openfisca", action="store_true", help="skip the OpenFisca baselines")
    ap.add_argument("--results", default=str(HERE / "RESULTS.md"), help="where to write the results table")
    ap.add_argument("--work", default=str(HERE / ".work"), help="scratch directory for generated files")
    ap.add_argument("--report-only", action="store_true", help="rewrite RESULTS.md from results.json")
    args = ap.parse_args(argv)
    if args.report_only:
        Path(args.results).write_text(report(json.loads((HERE / "results.json").read_text(encoding="utf-8"))), encoding="utf-8")
        return 0

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    sizes = [int(s) for s in (args.sizes or ("2000" if args.quick else "10000,100000")).split(",")]
    cold_repeat = 5 if args.quick else 21
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "sizes": sizes}

    import clusterpolicy
    from clusterpolicy.batch.output import write_batch

    # Start-up, cold: fresh processes.
    log("start-up …")
    bindir = Path(sys.executable).parent
    cli = str(bindir / "clusterpolicy")
    results["cold"] = {
        "python_pass": cold([sys.executable, "-c", "pass"], cold_repeat),
        "import_discovery": cold([sys.executable, "-c", "import clusterpolicy; clusterpolicy.get_plugin_manager()"], cold_repeat),
        "cli_compare": cold([cli, "compare", str(ROOT / "examples" / "strong-national.toml")], cold_repeat),
    }

    # Regimes, warm.
    log("regimes …")
    results["build_regimes"] = median_time(lambda: clusterpolicy.build_regimes(clusterpolicy.get_plugin_manager()), 5 if args.quick else 15)
    results["discovery_warm"] = median_time(clusterpolicy.get_plugin_manager, 5 if args.quick else 15)
    regimes = clusterpolicy.load_regimes()
    everything = list(regimes.values())

    # One profile × all regimes, warm.
    log("one profile …")
    profile = clusterpolicy.load_profile(ROOT / "examples" / "strong-national.toml")
    flat = {c: None for c in COLUMNS}
    for y, fig in profile.years.items():
        for name in ("total_output", "sme_output", "leading_output", "sme_rd_spending", "valid_invention_patents", "employees"):
            key = f"years.{y}.{name}"
            if key in flat:
                v = getattr(fig, name)
                flat[key] = None if v is None else Decimal(v)
    flat["area_km2"] = profile.area_km2
    for f in ("single_champions", "little_giants", "specialised_smes", "innovative_smes", "high_tech"):
        flat[f"firms.{f}"] = Decimal(getattr(profile.firms, f))
    number = 50 if args.quick else 400
    results["one_profile"] = {
        "regimes": [r.id for r in everything],
        "criteria": sum(len(r.criteria) for r in everything),
        "engine": median_time(lambda: [r.evaluate(profile, AS_OF) for r in everything], 7, number),
        "python": median_time(lambda: python_rules(flat), 7, number * 20),
    }

    # Batches.
    two = [regimes["national"], regimes["hainan"]]
    of_python = None if args.no_openfisca else openfisca_python(Path(args.openfisca_venv), log)
    results["openfisca"] = None if of_python is None else subprocess.run(
        [of_python, "-c", "import importlib.metadata as m; print(m.version('openfisca-core'))"], capture_output=True, text=True
    ).stdout.strip()
    results["batch"] = {}
    for n in sizes:
        log(f"batch of {n:,} rows …")
        repeat = 3 if n >= 50_000 else 5
        if args.quick:
            repeat = 2
        rows = generate(n)
        src = work / f"clusters-{n}.csv"
        write_csv(src, rows)
        # The generated data stays alive for the in-memory measurements: keep the cyclic GC from
        # rescanning it during every contender's run (the OpenFisca runs are separate processes).
        gc.collect()
        gc.freeze()
        entry: dict = {"rows": n, "rules_ours": sum(len(r.criteria) for r in two), "rules_baselines": len(RULES)}

        # Ours, file to file (CSV → wide CSV), in-process and through the CLI.
        out = work / f"ours-{n}.csv"
        entry["ours_file"] = median_time(lambda: write_batch(src, out, two, as_of=AS_OF), repeat)
        entry["ours_cli_file"] = cold([cli, "batch", str(src), "--out", str(work / f"ours-cli-{n}.csv"), "-r", "national", "-r", "hainan", "--as-of", AS_OF.isoformat(), "-q"], max(1, repeat - 1))

        # Ours, evaluation only: columns already parsed, then the same with parsing from cells.
        from clusterpolicy.criteria.kernels import Program
        from clusterpolicy.criteria.columns import parse
        from clusterpolicy.criteria.flat import parse_header

        columns = parse_header(list(rows[0]), "mem")
        cells = [list(r.values()) for r in rows]
        data, left = parse(columns, cells, AS_OF, date.today())
        assert not left, "generated rows are all plain"
        programs = [Program(r) for r in two]
        entry["ours_eval"] = median_time(lambda: [p.run(data) for p in programs], repeat)
        entry["ours_parse_eval"] = median_time(lambda: [p.run(parse(columns, cells, AS_OF, date.today())[0]) for p in programs], repeat)

        # Plain Python, exact.
        dec_rows = [{c: Decimal(r[c]) for c in COLUMNS} for r in rows]
        entry["python_eval"] = median_time(lambda: [python_rules(p) for p in dec_rows], repeat)
        py_out = work / f"python-{n}.csv"
        entry["python_file"] = median_time(lambda: python_file_to_file(src, py_out), repeat)

        # numpy float64.
        import numpy as np

        cols = {c: [r[c] for r in rows] for c in COLUMNS}
        arrays = numpy_arrays(cols)
        entry["numpy_eval"] = median_time(lambda: numpy_rules(arrays, np), repeat)
        np_out = work / f"numpy-{n}.csv"
        entry["numpy_file"] = median_time(lambda: numpy_file_to_file(src, np_out), repeat)

        ours = ours_decisions(out)
        entry["mismatch"] = {
            "python": mismatches(ours, read_decisions(py_out)),
            "numpy_float64": mismatches(ours, read_decisions(np_out)),
        }
        if of_python is not None:
            for bits in (64, 32):
                of_out = work / f"openfisca{bits}-{n}.csv"
                r = run_openfisca(of_python, src, of_out, bits, repeat)
                entry[f"openfisca{bits}_eval"] = r["eval_seconds"]
                entry[f"openfisca{bits}_file"] = r["file_seconds"]
                entry["mismatch"][f"openfisca_float{bits}"] = mismatches(ours, read_decisions(of_out))
        results["batch"][str(n)] = entry
        del rows, cells, data, dec_rows, cols, arrays
        gc.unfreeze()
        gc.collect()

    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    Path(args.results).write_text(report(results), encoding="utf-8")
    log(f"wrote {args.results} and {HERE / 'results.json'}")
    print(report(results))
    return 0


def _ms(s: float) -> str:
    return f"{s * 1000:.1f} ms" if s < 10 else f"{s:.1f} s"


def _us(s: float) -> str:
    return f"{s * 1e6:.1f} µs"


def _x(a: float, b: float) -> str:
    return f"{a / b:.2f}×"


def report(r: dict) -> str:
    m = r["machine"]
    c = r["cold"]
    one = r["one_profile"]
    lines = [
        "# Benchmarks",
        "",
        "Produced by `python benchmarks/run.py` (see README, *Benchmarks*). Every figure is a median of",
        "repeated runs, measured in the same run on the same generated data; ratios are to the baseline",
        "on the same line (lower is better for clusterpolicy).",
        "",
        "## Machine and versions",
        "",
        f"- CPU: {m['cpu']} ({m['cores']} cores), memory {m['memory']}",
        f"- OS: {m['os']}",
        f"- Python {m['python']}, numpy {m['numpy']}, clusterpolicy {m['clusterpolicy']}, "
        f"OpenFisca-Core {r.get('openfisca') or 'not run'}",
        "",
        "## Start-up (cold: a fresh process each time)",
        "",
        "| what | time | vs `python -c pass` | target |",
        "|---|---|---|---|",
        f"| `python -c pass` | {_ms(c['python_pass'])} | 1.00× | |",
        f"| import clusterpolicy + plugin discovery | {_ms(c['import_discovery'])} | {_x(c['import_discovery'], c['python_pass'])} | |",
        f"| `clusterpolicy compare examples/strong-national.toml` (all regimes) | {_ms(c['cli_compare'])} | "
        f"{_x(c['cli_compare'], c['python_pass'])} | ≤ 150 ms and ≤ 4× |",
        "",
        "## Regimes and one profile (warm)",
        "",
        "| what | time | baseline | ratio | target |",
        "|---|---|---|---|---|",
        f"| plugin discovery | {_ms(r['discovery_warm'])} | | | |",
        f"| building all regimes (discovery, hooks, resolution, compilation) | {_ms(r['build_regimes'])} | | | |",
        f"| one profile × {len(one['regimes'])} regimes ({one['criteria']} criteria, full findings with reasons) | "
        f"{_us(one['engine'])} | hand-written Python, 15 numeric rules: {_us(one['python'])} | "
        f"{_x(one['engine'], one['python'])} | ≤ 3× |",
        "",
        "## Batches × 2 regimes (national, hainan), per-rule results",
        "",
        "clusterpolicy evaluates every criterion of both regimes (51, incl. the negative list, attestations,",
        "prerequisites and not-encoded items) with three-valued logic and exact decimals; the baselines",
        "evaluate the 15 numeric rules only. *Evaluation only*: data already in memory. *File to file*:",
        "CSV in → per-rule CSV out (clusterpolicy also checks every cell and writes the output atomically).",
        "Throughput is rows per second.",
        "",
    ]
    for n, e in r["batch"].items():
        rows = e["rows"]
        lines += [
            f"### {rows:,} rows",
            "",
            "| contender | evaluation only | rows/s | file to file | rows/s | vs OpenFisca float32 (file) |",
            "|---|---|---|---|---|---|",
        ]
        of32 = e.get("openfisca32_file")

        def line(name, ev, fi):
            ratio = _x(fi, of32) if of32 and fi else ""
            ev_s = _ms(ev) if ev else "—"
            ev_r = f"{rows / ev:,.0f}" if ev else "—"
            return f"| {name} | {ev_s} | {ev_r} | {_ms(fi)} | {rows / fi:,.0f} | {ratio} |"

        lines.append(line("**clusterpolicy** (columns, numpy, exact)", e["ours_eval"], e["ours_file"]))
        lines.append(f"| clusterpolicy, parse cells + evaluate | {_ms(e['ours_parse_eval'])} | {rows / e['ours_parse_eval']:,.0f} | — | — | |")
        lines.append(line("clusterpolicy CLI (`clusterpolicy batch`, incl. start-up)", None, e["ours_cli_file"]))
        lines.append(line("hand-written Python (Decimal, exact)", e["python_eval"], e["python_file"]))
        lines.append(line("hand-written numpy (float64)", e["numpy_eval"], e["numpy_file"]))
        if of32:
            lines.append(line("OpenFisca, float64", e["openfisca64_eval"], e["openfisca64_file"]))
            lines.append(line("OpenFisca, float32 (its default)", e["openfisca32_eval"], e["openfisca32_file"]))
        lines += ["", "Decisions that differ from clusterpolicy's (rows, per rule):", ""]
        for who, mm in e["mismatch"].items():
            text = ", ".join(f"`{k}` {v}" for k, v in mm.items()) or "none"
            lines.append(f"- {who}: {text}")
        lines.append("")
    lines += [
        "## Notes",
        "",
        "- Every 25th generated row sits exactly on a threshold (growth exactly 10 % or 5 % a year, shares",
        "  exactly 70 % / 60 %, output exactly 40 / 20, patents per 10,000 exactly 6). Floating point puts",
        "  some of these on the wrong side: e.g. √(121/100) − 1 is 0.10000000000000009 in float64, so",
        "  growth of exactly 10 % passes “more than 10 %”; in float32, 84.7/121 × 100 is not 70.",
        "- float32 (OpenFisca's default) changes decisions against float64 too: in this data on",
        "  `hainan.core.leading_share` and `hainan.core.sme_share` (a share that is exactly 60 % in",
        "  decimals comes out on the other side), and it agrees with the exact answer on some growth",
        "  and density boundaries only by accident of rounding. Every float baseline is wrong on",
        "  some exact boundary; clusterpolicy and the exact Python baseline never disagree.",
        "- *parse cells + evaluate* hands all rows to the column parser as one chunk (the batch command",
        "  uses chunks of 8,192 rows); the file-to-file figures are the ones to compare end to end.",
        "- The machine is a shared 2-core VM: figures move by ±30 % between runs; ratios within one run",
        "  are the meaningful numbers.",
        "- The hand-written Python baseline is exact and three-valued like clusterpolicy, so its decisions",
        "  must (and do) agree; the per-profile engine also builds full findings (reasons in two languages,",
        "  measured values, shortfalls, citations) for every criterion, which the baseline does not.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
