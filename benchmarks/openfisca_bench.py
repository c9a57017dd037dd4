"""The same 15 national and Hainan numeric rules in OpenFisca, timed on the benchmark's CSV.

Runs in the benchmark's own virtualenv (``openfisca-core`` is never a clusterpolicy dependency):

    python openfisca_bench.py INPUT.csv OUTPUT.csv --float 32|64 --repeat N --reader arrow|stdlib

Prints one JSON object: timings (evaluation only: build the simulation from in-memory arrays,
set the inputs, calculate every rule; file to file: read the CSV, the same, write per-rule
results), the peak RSS of the process and the path of the decisions it wrote. ``--float 32`` is
OpenFisca's default float type; ``--float 64`` switches every float variable to float64 before the
rules are defined. Per-year figures are OpenFisca periods (2022, 2023, 2024), as a modeller would
write them. ``--reader arrow`` reads and writes the CSV with pyarrow's C reader and writer (the
fair peer pipeline), ``--reader stdlib`` with the csv module. The garbage collector is left on, as
for every contender.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import statistics
import sys
import time

import numpy as np


def build_system(float_bits: int):
    from openfisca_core.variables import config

    if float_bits == 64:
        config.VALUE_TYPES[float]["dtype"] = np.float64
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    Cluster = build_entity(key="cluster", plural="clusters", label="SME industrial cluster", is_person=True)
    YEAR, ETERNITY = DateUnit.YEAR, DateUnit.ETERNITY
    variables = []

    def var(name, value_type, period, formula=None):
        attrs = {"value_type": value_type, "entity": Cluster, "definition_period": period, "label": name}
        if formula is not None:
            attrs["formula"] = formula
        variables.append(type(name, (Variable,), attrs))

    for name in ("total_output", "sme_output", "leading_output", "sme_rd_spending", "valid_invention_patents", "employees"):
        var(name, float, YEAR)
    var("area_km2", float, ETERNITY)
    for name in ("single_champions", "little_giants", "specialised_smes", "innovative_smes", "high_tech"):
        var(name, int, ETERNITY)

    def each(v):
        return lambda c, p: (c("total_output", p) >= v) & (c("total_output", p.last_year) >= v) & (c("total_output", p.offset(-2)) >= v)

    def share(num, pct, strict):
        def f(c, p):
            s = c(num, p) / c("total_output", p) * 100
            return s > pct if strict else s >= pct
        return f

    def growth(field, pct, strict):
        def f(c, p):
            r = (np.sqrt(c(field, p) / c(field, p.offset(-2))) - 1) * 100
            return r > pct if strict else r >= pct
        return f

    def firms(need):
        return lambda c, p: ((c("single_champions", p) + c("little_giants", p)) >= 1) | (
            (c("specialised_smes", p) + c("innovative_smes", p) + c("high_tech", p)) >= need
        )

    rules = {
        "national.core.output": each(40),
        "national.core.sme_share": share("sme_output", 70, False),
        "national.core.leading_share": share("leading_output", 70, True),
        "national.core.growth": growth("total_output", 10, True),
        "national.core.area": lambda c, p: c("area_km2", p) <= 100,
        "national.tiered.firms": firms(10),
        "hainan.core.output": each(20),
        "hainan.core.sme_share": share("sme_output", 60, False),
        "hainan.core.leading_share": share("leading_output", 60, True),
        "hainan.core.growth": growth("total_output", 5, True),
        "hainan.core.area": lambda c, p: c("area_km2", p) <= 100,
        "hainan.tiered.firms": firms(5),
        "hainan.innovation.rd_growth": growth("sme_rd_spending", 5, True),
        "hainan.innovation.patent_growth": growth("valid_invention_patents", 10, False),
        "hainan.innovation.patent_density": lambda c, p: c("valid_invention_patents", p) / c("employees", p) * 10000 >= 6,
    }
    names = {}
    for rule, formula in rules.items():
        name = rule.replace(".", "__")
        names[rule] = name
        var(name, bool, YEAR, formula)
    system = TaxBenefitSystem([Cluster])
    system.add_variables(*variables)
    return system, names


def read_columns(path: str, reader: str) -> dict[str, np.ndarray | list[str]]:
    if reader == "arrow":
        import pyarrow.csv as pcsv

        table = pcsv.read_csv(path)  # types inferred in C: float64 and int64 columns
        return {name: table.column(name).to_numpy() for name in table.column_names if _needed(name)}
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        cols = list(zip(*rows))
    return {name: col for name, col in zip(header, cols) if _needed(name)}


def _needed(name: str) -> bool:
    return name.startswith(("years.", "firms.")) or name == "area_km2"


def to_arrays(cols: dict, float_dtype) -> dict[str, np.ndarray]:
    out = {}
    for name, values in cols.items():
        if name.startswith("years.") or name == "area_km2":
            out[name] = np.asarray(values, dtype=np.float64).astype(float_dtype)
        elif name.startswith("firms."):
            out[name] = np.asarray(values, dtype=np.int64).astype(np.int32)
    return out


def evaluate(system, names, arrays, n):
    from openfisca_core.simulations import SimulationBuilder

    sim = SimulationBuilder().build_default_simulation(system, count=n)
    for y in (2022, 2023, 2024):
        for f in ("total_output", "sme_output", "leading_output", "sme_rd_spending", "valid_invention_patents", "employees"):
            sim.set_input(f, str(y), arrays[f"years.{y}.{f}"])
    sim.set_input("area_km2", "ETERNITY", arrays["area_km2"])
    for f in ("single_champions", "little_giants", "specialised_smes", "innovative_smes", "high_tech"):
        sim.set_input(f, "ETERNITY", arrays[f"firms.{f}"])
    return {rule: sim.calculate(name, "2024") for rule, name in names.items()}


def write(path: str, results: dict[str, np.ndarray], reader: str) -> None:
    rules = list(results)
    if reader == "arrow":
        import pyarrow as pa
        import pyarrow.csv as pcsv

        words = pa.array(["fail", "pass"])
        table = pa.table({r: words.take(pa.array(np.asarray(results[r]).astype(np.int8))) for r in rules})
        pcsv.write_csv(table, path)
        return
    block = np.stack([results[r] for r in rules], axis=1)
    words = np.array(["fail", "pass"], dtype=object)[block.astype(np.int8)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(rules)
        w.writerows(words.tolist())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--float", type=int, choices=(32, 64), default=32)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--reader", choices=("arrow", "stdlib"), default="arrow")
    ap.add_argument("--file-only", action="store_true", help="one file-to-file run (for peak memory)")
    args = ap.parse_args()
    import openfisca_core

    system, names = build_system(args.float)
    float_dtype = np.float64 if args.float == 64 else np.float32
    eval_times, file_times = [], []
    if args.file_only:
        t = time.perf_counter()
        a = to_arrays(read_columns(args.input, args.reader), float_dtype)
        write(args.output, evaluate(system, names, a, len(next(iter(a.values())))), args.reader)
        file_times.append(time.perf_counter() - t)
        eval_times.append(float("nan"))
        n = len(next(iter(a.values())))
    else:
        arrays = to_arrays(read_columns(args.input, args.reader), float_dtype)
        n = len(next(iter(arrays.values())))
        evaluate(system, names, arrays, n)  # warm-up
        for _ in range(args.repeat):
            t = time.perf_counter()
            evaluate(system, names, arrays, n)
            eval_times.append(time.perf_counter() - t)
        del arrays
        for _ in range(args.repeat):
            t = time.perf_counter()
            a = to_arrays(read_columns(args.input, args.reader), float_dtype)
            results = evaluate(system, names, a, n)
            write(args.output, results, args.reader)
            file_times.append(time.perf_counter() - t)
            del a, results
    json.dump(
        {
            "rows": n,
            "float": args.float,
            "dtype": str(np.dtype(float_dtype)),
            "openfisca_core": getattr(openfisca_core, "__version__", None) or _version("openfisca-core"),
            "numpy": np.__version__,
            "python": sys.version.split()[0],
            "eval_seconds": statistics.median(eval_times),
            "file_seconds": statistics.median(file_times),
            "max_rss_mb": _peak_rss_mb(),
        },
        sys.stdout,
    )
    return 0


def _peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM; ru_maxrss would include the parent's at exec)."""
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


if __name__ == "__main__":
    sys.exit(main())
