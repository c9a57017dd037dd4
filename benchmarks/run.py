"""One command for every figure in benchmarks/RESULTS.md, measured in one run on the same data.

    python benchmarks/run.py            # full run: 10k, 100k and 1M rows (about 15 minutes)
    python benchmarks/run.py --quick    # 2k rows, fewer repeats (a smoke test)

It builds clusterpolicy as a wheel, installs it (extras ``batch``, ``serve``, ``xlsx``) into
``benchmarks/.venv-bench`` and runs itself again there, so what is measured is what a user
installs, not the source tree. OpenFisca goes into its own virtualenv
(``benchmarks/.venv-openfisca``, created on first use, with numpy and pyarrow), never into the
project's.

Fairness: every contender reads the same file with the same reader class — pyarrow's C CSV reader,
and the stdlib csv module as a second row — and writes its decisions with the matching writer;
the garbage collector is on for everyone; every batch figure is measured in a fresh process (a
batch size's contenders in one of their own, OpenFisca in another: none inherits what an earlier
part of the run left in memory); evaluation-only and file-to-file times stand side by side; start-up is measured against the dependency floor (``python -c "import attrs, cattrs,
pluggy"``) with bytecode caches on. Decisions of every contender are compared with
clusterpolicy's, rule by rule (the exactness columns).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from contenders import (  # noqa: E402
    AS_OF, generate, median_time, mismatches, numpy_arrays, numpy_file, ours_decisions, python_file,
    read_arrow_columns, read_decisions, taking_turns, write_csv,
)  # fmt: skip
from report import report  # noqa: E402
from rules_baseline import COLUMNS, RULES, numpy_rules, python_rules  # noqa: E402

OPENFISCA = "openfisca-core==46.0.1"
#: Rounds in which clusterpolicy and the peer take turns for the headline batch figure.
TURNS = 3
BENCH_VENV = HERE / ".venv-bench"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- OpenFisca in its own virtualenv ---------------------------------------------------------------


def openfisca_python(venv: Path) -> Path | None:
    python = venv / "bin" / "python"
    if python.exists():
        ok = subprocess.run([python, "-c", "import openfisca_core, numpy, pyarrow"], capture_output=True).returncode == 0
        if ok:
            return python
    log(f"creating {venv} and installing {OPENFISCA}, numpy, pyarrow (benchmark only) …")
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", OPENFISCA, "numpy", "pyarrow"], check=True, capture_output=True)
    except subprocess.CalledProcessError as exc:
        log(f"OpenFisca could not be installed: {exc.stderr.decode(errors='replace')[-400:]}")
        return None
    return python


def run_openfisca(python: Path, src: Path, out: Path, bits: int, repeat: int, reader: str, file_only: bool = False) -> dict:
    cmd = [python, str(HERE / "openfisca_bench.py"), str(src), str(out), "--float", str(bits), "--repeat", str(repeat), "--reader", reader]
    proc = subprocess.run(cmd + (["--file-only"] if file_only else []), capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


# --- ours in a fresh process (peak memory) ----------------------------------------------------------

_OURS_PROCESS = """
import json, resource, sys, time
from datetime import date
import clusterpolicy
from clusterpolicy.batch.output import write_batch
regimes = clusterpolicy.load_regimes()
t = time.perf_counter()
write_batch(sys.argv[1], sys.argv[2], [regimes["national"], regimes["hainan"]], as_of=date(2025, 5, 20))
# VmHWM: this process's own peak (ru_maxrss would include the parent's at exec when spawned by vfork).
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"file_seconds": time.perf_counter() - t, "max_rss_mb": peak / 1024}))
"""


def data_name(n: int) -> str:
    """The generated file of ``n`` rows, named by the generator's source: a changed generator writes new data."""
    import hashlib
    import inspect

    return f"clusters-{n}-{hashlib.sha256(inspect.getsource(generate).encode()).hexdigest()[:10]}.csv"


def ours_process(src: Path, out: Path, code: Path | None = None) -> dict:
    """``code``: a folder whose ``clusterpolicy`` is imported instead of the installed one."""
    env = None if code is None else {**os.environ, "PYTHONPATH": str(code)}
    proc = subprocess.run([sys.executable, "-c", _OURS_PROCESS, str(src), str(out)], capture_output=True, text=True, check=True, env=env)
    return json.loads(proc.stdout)


# --- before and after: an earlier revision of the code against this one, taking turns --------------

_AB_PROCESS = """
import json, statistics, sys, time
from datetime import date
import clusterpolicy
from clusterpolicy.batch.output import write_batch
from clusterpolicy.batch.readers import open_table
from clusterpolicy.criteria.arrowcols import parse
from clusterpolicy.criteria.kernels import Program
src, out, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
regimes = clusterpolicy.load_regimes()
two = [regimes["national"], regimes["hainan"]]
as_of = date(2025, 5, 20)
def timed(fn):
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)
file_seconds = timed(lambda: write_batch(src, out, two, as_of=as_of))
table = open_table(src)
data = [parse(table.columns, b.arrow, as_of, as_of)[0] for b in table.iter_blocks(10**9)]
programs = [Program(r) for r in two]
print(json.dumps({"file_seconds": file_seconds, "eval_seconds": timed(lambda: [p.run(d) for d in data for p in programs])}))
"""


def before_after(rev: str, work: Path, sizes: tuple[int, int], rounds: int, repeat: int) -> dict:
    """The code of ``rev`` (its ``core`` folder from git) and the installed code, in turns: 100k
    rows in-process (file to file and evaluation only, median of ``repeat`` per process) and the
    large file in fresh processes (wall time and peak RSS)."""
    code = work / f"code-{rev}"
    if not code.exists():
        code.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "core", "setup.py", "pyproject.toml", "README.md"],
                                 capture_output=True, check=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
        # Its compiled parts too, as the wheel builds them (else the earlier code would run without them).
        subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=code, capture_output=True)
    old = code / "core"
    small, big = (work / data_name(n) for n in sizes)
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    large: dict[str, list[dict]] = {"before": [], "after": []}
    for _ in range(rounds):
        for side, path in (("before", old), ("after", None)):
            env = None if path is None else {**os.environ, "PYTHONPATH": str(path)}
            proc = subprocess.run([sys.executable, "-c", _AB_PROCESS, str(small), str(work / f"ab-{side}.csv"), str(repeat)],
                                  capture_output=True, text=True, check=True, env=env)  # fmt: skip
            runs[side].append(json.loads(proc.stdout))
            if big.exists():
                large[side].append(ours_process(big, work / f"ab-{side}-big.csv", path))
    out: dict = {"rev": rev, "rows": list(sizes), "rounds": rounds, "repeat": repeat,
                 "before_compiled": any((old / "clusterpolicy" / "criteria").glob("_cells.*.so"))}  # fmt: skip
    for side in ("before", "after"):
        out[side] = {
            "file_small": statistics.median(r["file_seconds"] for r in runs[side]),
            "eval_small": statistics.median(r["eval_seconds"] for r in runs[side]),
            "file_big": statistics.median(r["file_seconds"] for r in large[side]) if large[side] else None,
            "rss_big_mb": max(r["max_rss_mb"] for r in large[side]) if large[side] else None,
        }
    return out


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
    import pyarrow

    import clusterpolicy

    mem = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu, "cores": str(os.cpu_count()), "memory": mem, "os": platform.platform(), "python": platform.python_version(),
        "numpy": numpy.__version__, "pyarrow": pyarrow.__version__, "clusterpolicy": clusterpolicy.__version__,
        "installed_from": str(Path(clusterpolicy.__file__).parent), "load_average_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }  # fmt: skip


def one_profile(number: int) -> dict:
    """One profile × all regimes in-process: compare, and compare + JSON, against the same numeric
    rules hand-written with exact Decimals (and + json.dumps)."""
    import clusterpolicy
    from clusterpolicy.convert import parse_document
    from clusterpolicy.documents import dumps, to_json
    from startup import bodies

    regimes = clusterpolicy.load_regimes()
    everything = list(regimes.values())
    profile = clusterpolicy.load_profile(ROOT / "examples" / "strong-national.toml")
    flat: dict = {c: None for c in COLUMNS}
    for y, fig in profile.years.items():
        for name in ("total_output", "sme_output", "leading_output", "sme_rd_spending", "valid_invention_patents", "employees"):
            key = f"years.{y}.{name}"
            if key in flat:
                v = getattr(fig, name)
                flat[key] = None if v is None else Decimal(v)
    flat["area_km2"] = profile.area_km2
    for f in ("single_champions", "little_giants", "specialised_smes", "innovative_smes", "high_tech"):
        flat[f"firms.{f}"] = Decimal(getattr(profile.firms, f))
    words = {True: "pass", False: "fail", None: "unknown"}
    texts = {name: body.decode("utf-8") for name, (_, body) in bodies().items()}

    def from_body(name: str) -> Callable[[], str]:  # what the server does with a request's body
        text, as_json = texts[name], name == "json"
        return lambda: dumps(to_json(clusterpolicy.compare(
            clusterpolicy.profile_from_dict(parse_document(text, "<body>", as_json=as_json), source="<body>"), everything)))  # fmt: skip

    timed = taking_turns({
        "compare": (lambda: clusterpolicy.compare(profile, everything), number),
        "python": (lambda: python_rules(flat), number * 20),
        "compare_json": (lambda: dumps(to_json(clusterpolicy.compare(profile, everything))), number),
        "python_json": (lambda: json.dumps(dict(zip(RULES, (words[x] for x in python_rules(flat))))), number * 20),
        "body_compare_json": (from_body("toml"), number),
        "json_body_compare_json": (from_body("json"), number),
    }, 15)  # fmt: skip
    return {
        "regimes": [r.id for r in everything],
        "criteria": sum(len(r.criteria) for r in everything),
        **timed,
        "json_bytes": len(dumps(to_json(clusterpolicy.compare(profile, everything))).encode()),
    }


def _compare_json() -> Callable[[], str]:
    """In-process compare + JSON of the benchmark's profile under all regimes (the profile read once)."""
    import clusterpolicy
    from clusterpolicy.documents import dumps, to_json

    everything = list(clusterpolicy.load_regimes().values())
    profile = clusterpolicy.load_profile(ROOT / "examples" / "strong-national.toml")
    return lambda: dumps(to_json(clusterpolicy.compare(profile, everything)))


def batch(n: int, work: Path, repeat: int, of_python: Path | None) -> dict:
    import numpy as np

    import clusterpolicy
    from clusterpolicy.batch.output import write_batch
    from clusterpolicy.batch.readers import open_table
    from clusterpolicy.criteria.arrowcols import parse
    from clusterpolicy.criteria.kernels import Program

    src = work / data_name(n)
    if not src.exists():
        write_csv(src, generate(n))
    regimes = clusterpolicy.load_regimes()
    two = [regimes["national"], regimes["hainan"]]
    e: dict = {"rows": n, "rules_ours": sum(len(r.criteria) for r in two), "rules_baselines": len(RULES), "file_bytes": src.stat().st_size}
    outs = {"ours_arrow": work / f"ours-arrow-{n}.csv", "ours_stdlib": work / f"ours-stdlib-{n}.csv"}
    # The headline pair, file to file with the pyarrow reader, takes turns (drift in the machine's state
    # hits both): ours in this process, the peer in a process of its own, TURNS rounds, medians.
    ours_turns, peer_turns = [], []
    for _ in range(TURNS):
        ours_turns.append(median_time(lambda: write_batch(src, outs["ours_arrow"], two, as_of=AS_OF, reader="arrow"), repeat))
        if of_python is not None:
            peer = run_openfisca(of_python, src, work / f"openfisca64-arrow-{n}.csv", 64, repeat, "arrow")  # warm, as ours
            peer_turns.append(peer["file_seconds"])
    e["ours_file_arrow"] = statistics.median(ours_turns)
    e["ours_file_stdlib"] = median_time(lambda: write_batch(src, outs["ours_stdlib"], two, as_of=AS_OF, reader="text"), repeat)
    # Evaluation only: the columns parsed once (all rows), then every criterion of both regimes.
    table = open_table(src)
    blocks = list(table.iter_blocks(n))
    data = [parse(table.columns, b.arrow, AS_OF, AS_OF)[0] for b in blocks]
    programs = [Program(r) for r in two]
    e["ours_eval"] = median_time(lambda: [p.run(d) for d in data for p in programs], repeat)
    e["ours_parse_eval"] = median_time(lambda: [p.run(parse(table.columns, b.arrow, AS_OF, AS_OF)[0]) for b in blocks for p in programs], repeat)
    blocks = data = table = None  # freed before the next contenders (the lambdas above have run)
    # Plain Python (exact) and numpy (float64): the same file, both readers.
    cols = read_arrow_columns(src)
    dec_rows = [dict(zip(cols, vals)) for vals in zip(*([None if v is None else Decimal(str(v)) for v in c.cast("string").to_pylist()] for c in cols.values()))]
    e["python_eval"] = median_time(lambda: [python_rules(p) for p in dec_rows], repeat)
    arrays = numpy_arrays(cols)
    e["numpy_eval"] = median_time(lambda: numpy_rules(arrays, np), repeat)
    dec_rows = arrays = cols = None
    for reader in ("arrow", "stdlib"):
        out = outs[f"python_{reader}"] = work / f"python-{reader}-{n}.csv"
        e[f"python_file_{reader}"] = median_time(lambda: python_file(src, out, reader), max(1, repeat - 1))
        out = outs[f"numpy_{reader}"] = work / f"numpy-{reader}-{n}.csv"
        e[f"numpy_file_{reader}"] = median_time(lambda: numpy_file(src, out, reader), repeat)
    ours = ours_decisions(outs["ours_arrow"])
    assert ours == ours_decisions(outs["ours_stdlib"]), "both readers decide alike"
    e["mismatch"] = {"python": mismatches(ours, read_decisions(outs["python_arrow"])), "numpy_float64": mismatches(ours, read_decisions(outs["numpy_arrow"]))}
    if of_python is not None:
        for bits in (64, 32):
            for reader in ("arrow", "stdlib"):
                of_out = work / f"openfisca{bits}-{reader}-{n}.csv"
                r = run_openfisca(of_python, src, of_out, bits, repeat, reader)
                e[f"openfisca{bits}_eval"] = r["eval_seconds"]
                e[f"openfisca{bits}_file_{reader}"] = r["file_seconds"]
            e["mismatch"][f"openfisca_float{bits}"] = mismatches(ours, read_decisions(work / f"openfisca{bits}-arrow-{n}.csv"))
        e["openfisca64_file_arrow"] = statistics.median(peer_turns)  # the peer's figure from the turns
    e["turns"] = TURNS
    return e


def million(n: int, work: Path, repeat: int, of_python: Path | None) -> dict:
    """File to file in fresh processes (wall time and peak RSS): ours against the fair peer."""
    src = work / data_name(n)
    if not src.exists():
        log(f"generating {n:,} rows …")
        write_csv(src, generate(n))
    e: dict = {"rows": n, "file_bytes": src.stat().st_size}
    ours, peer = [], []
    for _ in range(repeat):  # they take turns: drift in the machine's state hits both
        ours.append(ours_process(src, work / f"ours-{n}.csv"))
        if of_python is not None:
            peer.append(run_openfisca(of_python, src, work / f"openfisca64-{n}.csv", 64, 1, "arrow", file_only=True))
    e["ours_file"] = statistics.median(r["file_seconds"] for r in ours)
    e["ours_rss_mb"] = max(r["max_rss_mb"] for r in ours)
    e["ours_file_range"] = [min(r["file_seconds"] for r in ours), max(r["file_seconds"] for r in ours)]
    if of_python is not None:
        e["openfisca64_file"] = statistics.median(r["file_seconds"] for r in peer)
        e["openfisca64_rss_mb"] = max(r["max_rss_mb"] for r in peer)
        e["openfisca64_file_range"] = [min(r["file_seconds"] for r in peer), max(r["file_seconds"] for r in peer)]
        ours = ours_decisions(work / f"ours-{n}.csv")
        e["mismatch_openfisca_float64"] = mismatches(ours, read_decisions(work / f"openfisca64-{n}.csv"))
    return e


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes and few repeats (smoke test)")
    ap.add_argument("--sizes", default=None, help="comma-separated batch sizes (default 10000,100000)")
    ap.add_argument("--million", type=int, default=None, help="rows of the large run (default 1000000; 0 skips it)")
    ap.add_argument("--openfisca-venv", default=str(HERE / ".venv-openfisca"), help="virtualenv for OpenFisca")
    ap.add_argument("--no-openfisca", action="store_true", help="skip the OpenFisca baselines")
    ap.add_argument("--results", default=str(HERE / "RESULTS.md"), help="where to write the results table")
    ap.add_argument("--work", default=str(HERE / ".work"), help="scratch directory for generated files")
    ap.add_argument("--report-only", action="store_true", help="rewrite RESULTS.md from results.json")
    ap.add_argument("--repeat", type=int, default=None, help="repeats per batch figure (default 5 for 10k rows, 3 beyond; more on a busy machine)")
    ap.add_argument("--before", default=None, metavar="REV", help="also time the batch code of git revision REV against this one, in turns")
    ap.add_argument("--in-venv", action="store_true", help=argparse.SUPPRESS)  # set when re-run inside the wheel venv
    ap.add_argument("--batch-one", type=int, default=None, help=argparse.SUPPRESS)  # one batch size, in a fresh process
    ap.add_argument("--openfisca-python", default="", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.batch_one is not None:
        of = Path(args.openfisca_python) if args.openfisca_python else None
        Path(args.work).mkdir(parents=True, exist_ok=True)
        print(json.dumps(batch(args.batch_one, Path(args.work), args.repeat or 3, of)))
        return 0
    if args.report_only:
        Path(args.results).write_text(report(json.loads((HERE / "results.json").read_text(encoding="utf-8"))), encoding="utf-8")
        return 0
    if not args.in_venv:
        from startup import bench_venv

        python = bench_venv(BENCH_VENV, log)
        return subprocess.run([str(python), str(Path(__file__).resolve()), *(argv if argv is not None else sys.argv[1:]), "--in-venv"]).returncode
    from startup import http_compare, startup

    sizes = [int(s) for s in (args.sizes or ("2000" if args.quick else "10000,100000")).split(",") if int(s or 0) > 0]
    big = args.million if args.million is not None else (0 if args.quick else 1_000_000)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    results: dict = {"machine": machine(), "sizes": sizes}
    python = Path(sys.executable)

    log("start-up …")
    results["cold"] = startup(python, 5 if args.quick else 21, work)
    log("one profile …")
    results["one_profile"] = one_profile(50 if args.quick else 200)
    log("HTTP …")
    workers = tuple(dict.fromkeys((1, os.cpu_count() or 1)))  # one server process, and one per core
    results["http"] = http_compare(python, 320 if args.quick else 3200, in_process=_compare_json(), workers=workers)
    of_python = None if args.no_openfisca else openfisca_python(Path(args.openfisca_venv))
    results["openfisca"] = None if of_python is None else subprocess.run(
        [of_python, "-c", "import importlib.metadata as m; print(m.version('openfisca-core'))"], capture_output=True, text=True
    ).stdout.strip()
    results["batch"] = {}
    for n in sizes:
        log(f"batch of {n:,} rows …")
        repeat = args.repeat or (2 if args.quick else (3 if n >= 50_000 else 5))
        results["batch"][str(n)] = json.loads(subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--in-venv", "--batch-one", str(n), "--work", str(work),
             "--repeat", str(repeat), "--openfisca-python", str(of_python or "")], capture_output=True, text=True, check=True
        ).stdout)  # fmt: skip
    if big:
        log(f"batch of {big:,} rows (fresh processes) …")
        results["million"] = million(big, work, max(3, args.repeat or 3), of_python)
    if args.before:
        log(f"before ({args.before}) and after, in turns …")
        results["before_after"] = before_after(args.before, work, (max(sizes), big), 3, args.repeat or 3)
    results["machine"]["load_average_at_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results["minutes"] = round((time.time() - started) / 60, 1)
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    Path(args.results).write_text(report(results), encoding="utf-8")
    log(f"wrote {args.results} and {HERE / 'results.json'}")
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
