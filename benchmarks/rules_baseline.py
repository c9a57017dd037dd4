"""Hand-written baselines of the national and Hainan *numeric* rules (15 rules), for the benchmark.

Used by ``benchmarks/run.py`` (plain Python, numpy) and by ``benchmarks/openfisca_bench.py``
(which cannot import clusterpolicy: it runs in its own virtualenv). Plain Python only here.

Rules (national / Hainan): output in each of the last 3 years ≥ 40 / ≥ 20 亿元; SME share ≥ 70 /
≥ 60 %; leading-industry share > 70 / > 60 %; average annual output growth > 10 / > 5 %; area
≤ 100 km² (soft); ≥ 1 champion or little giant, or ≥ 10 / ≥ 5 listed SMEs; Hainan only: SME R&D
growth > 5 %, patent growth ≥ 10 %, patents per 10,000 employees ≥ 6.
"""

from __future__ import annotations

from decimal import Decimal

RULES: tuple[str, ...] = (
    "national.core.output", "national.core.sme_share", "national.core.leading_share", "national.core.growth",
    "national.core.area", "national.tiered.firms",
    "hainan.core.output", "hainan.core.sme_share", "hainan.core.leading_share", "hainan.core.growth",
    "hainan.core.area", "hainan.tiered.firms", "hainan.innovation.rd_growth", "hainan.innovation.patent_growth",
    "hainan.innovation.patent_density",
)  # fmt: skip

YEARS = (2022, 2023, 2024)
FIGURES = ("total_output", "sme_output", "leading_output", "sme_rd_spending", "valid_invention_patents", "employees")
FIRMS = ("single_champions", "little_giants", "specialised_smes", "innovative_smes", "high_tech")
#: Input columns the baselines read.
COLUMNS: tuple[str, ...] = (
    ("area_km2",) + tuple(f"years.{y}.{f}" for y in YEARS for f in FIGURES) + tuple(f"firms.{f}" for f in FIRMS)
)


# --- plain Python, exact (Decimal), three-valued like the engine -----------------------------------


def _ge(a, b):
    return None if a is None else a >= b


def python_rules(p: dict[str, Decimal | None]) -> list[bool | None]:
    """The 15 rules for one cluster (values as Decimals, ``None`` = missing), exactly."""
    t = [p[f"years.{y}.total_output"] for y in YEARS]
    sme, lead = p["years.2024.sme_output"], p["years.2024.leading_output"]
    rd0, rd2 = p["years.2022.sme_rd_spending"], p["years.2024.sme_rd_spending"]
    pa0, pa2 = p["years.2022.valid_invention_patents"], p["years.2024.valid_invention_patents"]
    emp = p["years.2024.employees"]
    area = p["area_km2"]
    champ = (p["firms.single_champions"], p["firms.little_giants"])
    listed = (p["firms.specialised_smes"], p["firms.innovative_smes"], p["firms.high_tech"])

    def each(v):
        if any(x is not None and x < v for x in t):
            return False
        return None if None in t else True

    def share(num, den, pct, strict):
        if num is None or den is None or den == 0:
            return None
        return num * 100 > pct * den if strict else num * 100 >= pct * den

    def growth(first, last, factor, strict):  # last/first vs (1 + r)^2, exactly
        if first is None or last is None or first == 0:
            return None
        return last > factor * first if strict else last >= factor * first

    def firms(need):
        a = None if None in champ else sum(champ) >= 1
        b = None if None in listed else sum(listed) >= need
        if a or b:
            return True
        return None if a is None or b is None else False

    density = None if pa2 is None or emp is None or emp == 0 else pa2 * 10000 >= 6 * emp
    area_ok = None if area is None else area <= 100
    return [
        each(40), share(sme, t[2], 70, False), share(lead, t[2], 70, True), growth(t[0], t[2], Decimal("1.21"), True),
        area_ok, firms(10),
        each(20), share(sme, t[2], 60, False), share(lead, t[2], 60, True), growth(t[0], t[2], Decimal("1.1025"), True),
        area_ok, firms(5), growth(rd0, rd2, Decimal("1.1025"), True), growth(pa0, pa2, Decimal("1.21"), False), density,
    ]  # fmt: skip


# --- numpy, float64, as one would usually write it --------------------------------------------------


def numpy_rules(c: dict, np) -> list:
    """The 15 rules over float64 columns, written the usual way (divisions, rates)."""
    t0, t1, t2 = (c[f"years.{y}.total_output"] for y in YEARS)
    sme, lead = c["years.2024.sme_output"], c["years.2024.leading_output"]
    rate = np.sqrt(t2 / t0) - 1
    rd_rate = np.sqrt(c["years.2024.sme_rd_spending"] / c["years.2022.sme_rd_spending"]) - 1
    pa_rate = np.sqrt(c["years.2024.valid_invention_patents"] / c["years.2022.valid_invention_patents"]) - 1
    density = c["years.2024.valid_invention_patents"] / c["years.2024.employees"] * 10000
    champ = c["firms.single_champions"] + c["firms.little_giants"]
    listed = c["firms.specialised_smes"] + c["firms.innovative_smes"] + c["firms.high_tech"]
    sme_share, lead_share = sme / t2 * 100, lead / t2 * 100
    area = c["area_km2"] <= 100
    return [
        (t0 >= 40) & (t1 >= 40) & (t2 >= 40), sme_share >= 70, lead_share > 70, rate * 100 > 10, area,
        (champ >= 1) | (listed >= 10),
        (t0 >= 20) & (t1 >= 20) & (t2 >= 20), sme_share >= 60, lead_share > 60, rate * 100 > 5, area,
        (champ >= 1) | (listed >= 5), rd_rate * 100 > 5, pa_rate * 100 >= 10, density >= 6,
    ]  # fmt: skip
