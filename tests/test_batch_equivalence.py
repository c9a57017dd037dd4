"""The column path decides exactly as the single-profile path, on generated rows.

Rows are generated around the thresholds of the national, Hainan and Anhui rules (output exactly
40, 30 or 20, SME share exactly 70% or 60%, growth exactly 10%, 8% or 5%, patent density exactly 6
per 10,000, incidents on the first day of the three-year window), with figures for a year still
running on the assessment date (left out of 近三年 by both engines), with a part above its total
(SME or leading-industry output typed in 万元, refused by both) and with malformed cells, so
that the plain-row parser, the converter route and every status of every check kind are covered.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import tempfile
from datetime import date
from decimal import Decimal, localcontext
from unittest import mock

import pytest
from hypothesis import HealthCheck, Phase, example, given, seed, settings
from hypothesis import strategies as st

from batch_support import fresh_regimes, reference
import clusterpolicy
from clusterpolicy.batch.screen import OVERALLS, STATUSES, evaluate_many, table_from_mappings
from clusterpolicy.criteria.context import REMARKS
from clusterpolicy.criteria.results import Overall, Status

pytest.importorskip("numpy")

#: 2025 is still running on AS_OF: both engines must leave it out of 近三年 (the last three completed years)
YEARS = (2021, 2022, 2023, 2024, 2025)
ATTESTATIONS = (
    "pillar_industry", "fits_national_industrial_policy", "fits_provincial_industrial_policy", "well_known_brand",
    "supply_chain_collaboration", "innovation_cooperation", "standard_setting", "core_technology_breakthroughs",
    "digital_transformation", "green_development", "open_cooperation", "operating_body", "public_service_system",
    "policy_coverage", "three_year_plan", "energy_efficiency_above_benchmark", "water_efficiency_above_benchmark",
)  # fmt: skip
FIRMS = ("single_champions", "little_giants", "specialised_smes", "innovative_smes", "high_tech")
FLAGS = ("within_one_county", "provincial_cluster", "special_circumstances", "high_energy", "high_water")
AS_OF = date(2025, 5, 20)

WEIRD = [
    "abc", " 7 ", "1e3", "4_0", "-1", "1.5", "3.0", " ", "TRUE", "yes", "12345678901234567890", "0.1234567", "5.", "mars",
    "top", "2025-13-01", "2022.0", "[{", '[{"date": "2024-01-01", "kind": "flood"}]',
]  # fmt: skip


def _mul(a: str, b: str) -> str:
    with localcontext() as ctx:
        ctx.prec = 60
        return format((Decimal(a) * Decimal(b)).normalize(), "f")


@st.composite
def row(draw) -> dict[str, str]:
    r: dict[str, str] = {}
    r["name"] = draw(st.sampled_from(["集群甲", "b", ""]) if draw(st.integers(0, 19)) == 0 else st.just("集群"))
    r["region"] = draw(st.sampled_from(["", "east", "west", "central"]))
    r["area_km2"] = draw(st.sampled_from(["", "100", "100.0", "100.000001", "62.5", "62.500001", "0", "99.99"]))
    r["application_year"] = draw(st.sampled_from(["", "2022", "2025", "-5"]))
    r["applicant"] = draw(st.sampled_from(["", "county_sme_authority", "other"]))
    r["front_rank"] = draw(st.sampled_from(["", "national", "provincial", "none"]))
    r["assessment_date"] = draw(st.sampled_from(["", "2025-05-20", "2024-02-29", "2025-12-31", "2026-01-01"]))
    for flag in FLAGS:
        r[flag] = draw(st.sampled_from(["", "true", "false", "True"]))
    for key in ATTESTATIONS:
        r[f"attestations.{key}"] = draw(st.sampled_from(["true", "true", "false", ""]))
    for firm in FIRMS:
        r[f"firms.{firm}"] = draw(st.sampled_from(["", "0", "1", "2", "4", "5", "9", "10"]))
    # Per-year figures around every threshold, exactly.
    last = draw(st.sampled_from(YEARS[1:]))
    present = {y for y in YEARS if y <= last and draw(st.integers(0, 5)) > 0}
    base = draw(st.sampled_from(["100", "40", "30", "20", "33.1", "0", "19.999999", "29.999999", "57.3"]))
    rate = draw(st.sampled_from(["1.1", "1.05", "1.08", "1.1000001", "1.0999999", "1.0800001", "1", "1.04", "0.9"]))
    share = draw(st.sampled_from(["0.7", "0.6", "0.6999999", "0.7000001", "0.6000001", "1", "0.5"]))
    lead = draw(st.sampled_from(["0.7", "0.6", "0.7000001", "0.6000001", "0.8"]))
    employees = draw(st.sampled_from(["10000", "5000", "0", "333"]))
    density = draw(st.sampled_from(["6", "5", "7"]))
    patents_rate = draw(st.sampled_from(["1.1", "1.21", "1"]))
    before = draw(st.sampled_from(["1", "1", "0.9", "1.1"]))  # the year before the three: off the trend, the base-year reading differs
    # Now and then a part typed in 万元 beside a total in 亿元: above its total, the row is refused.
    slip, slip_year = draw(st.sampled_from([None] * 8 + ["sme_output", "leading_output"])), draw(st.sampled_from(YEARS))
    for y in YEARS:
        prefix = f"years.{y}."
        cols = {k: "" for k in ("total_output", "sme_output", "leading_output", "sme_rd_spending", "valid_invention_patents", "employees", "extra.y", "extra.z")}
        if y in present:
            k = y - YEARS[0]
            total = base
            for _ in range(k):
                total = _mul(total, rate)
            if y == YEARS[0]:
                total = _mul(total, before)
            cols["total_output"] = total
            cols["sme_output"] = _mul(total, share)
            cols["leading_output"] = _mul(total, lead)
            if y == slip_year and slip:
                cols[slip] = _mul(cols[slip], "10000")
            cols["sme_rd_spending"] = _mul("10", rate if k else "1")
            cols["employees"] = employees
            patents = Decimal(employees) * Decimal(density) / 10000
            cols["valid_invention_patents"] = str(int(patents)) if patents == int(patents) else "7"
            if k and draw(st.booleans()):
                cols["valid_invention_patents"] = str(int(Decimal(cols["valid_invention_patents"] or 0) * Decimal(patents_rate) ** k))
            cols["extra.y"] = draw(st.sampled_from(["", "-2", "0", "3", "2.999999"]))
            cols["extra.z"] = draw(st.sampled_from(["", "-4", "0", "6", "-1"]))
            # Some figures missing.
            for name in list(cols):
                if draw(st.integers(0, 14)) == 0:
                    cols[name] = ""
        for name, value in cols.items():
            r[prefix + name] = value
    r["extra.a"] = draw(st.sampled_from(["", "0.1", "-0.5", "1", "1.0", "-0.6"]))
    r["extra.b"] = draw(st.sampled_from(["", "0.2", "0.200001", "0", "-1"]))
    incident = st.fixed_dictionaries(
        {
            "date": st.sampled_from(["2022-05-20", "2022-05-19", "2024-01-01", "2025-05-21", "2021-02-28", "2023-02-28", "2025-03-01"]),
            "kind": st.sampled_from(["safety_accident", "cyber_security_incident", "tax_evasion", "quality_accident"]),
        },
        optional={"grade": st.sampled_from(["general", "larger", "major", "especially_major"])},
    )
    r["incidents"] = draw(
        st.one_of(
            st.sampled_from(["", "none", "[]", "NONE"]),
            st.lists(incident, max_size=3).map(lambda xs: json.dumps(xs)),
        )
    )
    # Now and then a malformed cell anywhere.
    if draw(st.integers(0, 4)) == 0:
        key = draw(st.sampled_from(sorted(r)))
        r[key] = draw(st.sampled_from(WEIRD))
    return r


REGIMES = fresh_regimes()
SELECTED = list(REGIMES.values())


def _csv(rows: list[dict[str, str]], path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]))
        w.writeheader()
        w.writerows(rows)


READERS = ["mappings", "text"] + (["arrow"] if importlib.util.find_spec("pyarrow") else [])


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("CLUSTERPOLICY_BATCH_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows=st.lists(row(), min_size=1, max_size=10), as_of=st.sampled_from([None, AS_OF]), chunk=st.sampled_from([1, 3, 8192]))
def test_columns_decide_exactly_as_the_single_profile_path(rows, as_of, chunk):
    """Every reader (flat mappings, the stdlib CSV reader, the columnar Arrow reader) gives every
    row the single-profile path's statuses and remarks, or its rejection."""
    table = table_from_mappings(rows)  # the cells exactly as a reader gives them
    records = [(n, c) for block in table.iter_blocks(len(rows)) for n, c in zip(block.numbers, block.rows)]
    today = date.today()
    expected = [reference(table.columns, number, cells, SELECTED, as_of, today) for number, cells in records]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rows.csv")
        _csv(rows, path)
        for reader in READERS:
            source = table_from_mappings(rows) if reader == "mappings" else path
            results = list(evaluate_many(source, SELECTED, as_of=as_of, engine="columns", chunk_size=chunk, reader=reader if reader != "mappings" else "auto"))
            assert len(results) == len(rows), reader
            shift = 0 if reader == "mappings" else 1  # a file's first row is row 2 (the header is row 1)
            for (number, _), (kind, want), result in zip(records, expected, results):
                assert result.row == number + shift, reader
                if kind == "rejected":
                    assert result.errors == tuple(e.replace(f"row {number}:", f"row {number + shift}:") for e in want), reader
                    continue
                assert not result.errors, (reader, result.errors)
                got = [(r.status, [s for _, s in r.rules], r.notes) for r in result.results]
                assert got == want, reader


def test_the_generator_reaches_every_status_on_the_column_path():
    """The property above is only as good as its rows: every status occurs on the column path,
    most rows take the column path (not the converter route), and some rows hold a part above its total."""
    from clusterpolicy.batch.screen import Screener

    seen: set = set()
    remarks: set = set()
    paths = {"columns": 0, "rows": 0}
    above = []

    @seed(20261121)
    @settings(max_examples=25, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])  # fmt: skip
    @given(rows=st.lists(row(), min_size=8, max_size=8))
    def collect(rows):
        screener = Screener(SELECTED, as_of=AS_OF, engine="columns")
        for chunk in screener.chunks(table_from_mappings(rows)):
            for j in range(len(SELECTED)):
                seen.update(STATUSES[c] for c in chunk.statuses[j].ravel().tolist() if c >= 0)
                remarks.update(n.rpartition(":")[2] for row_notes in chunk.notes[j].values() for n in row_notes)
        for k, v in screener.paths.items():
            paths[k] += v
        table = table_from_mappings(rows)
        for block in table.iter_blocks(len(rows)):
            for number, cells in zip(block.numbers, block.rows):
                _, problems = reference(table.columns, number, cells, [], AS_OF, AS_OF)
                above.extend(p for p in problems if isinstance(p, str) and "must not be more than total_output" in p)

    collect()
    # a declared criterion comes from a profile's declaration, and a row with one takes the row path
    # (test_a_row_with_declarations_takes_the_row_path_with_the_engines_statuses)
    assert seen == set(STATUSES) - {Status.DECLARED_MET, Status.DECLARED_NOT_MET}
    assert remarks == REMARKS
    assert paths["columns"] > 0.6 * 25 * 8, paths
    assert len(above) >= 5, above


def test_a_row_with_declarations_takes_the_row_path_with_the_engines_statuses():
    from clusterpolicy.batch.screen import Screener

    base = {"name": "示例", "area_km2": "40", "assessment_date": "2025-05-20"}
    declared = {
        **base,
        "declarations.national.supply_chain.met": "true",
        "declarations.national.supply_chain.by": "某县工信局",
        "declarations.national.supply_chain.note": "对照原文核对",
        "declarations.national.green.met": "false",
        "declarations.national.green.by": "某县工信局",
        "declarations.national.green.note": "对照原文核对",
    }
    national = REGIMES["national"]
    screener = Screener([national], as_of=AS_OF, engine="columns")
    (chunk,) = screener.chunks(table_from_mappings([declared, {**base, **{k: "" for k in declared if k not in base}}]))
    assert screener.paths == {"columns": 1, "rows": 1}
    ids = screener.rule_ids[0]
    got = [STATUSES[c] for c in chunk.statuses[0][0]]
    profile = clusterpolicy.profile_from_dict(
        {**base, "area_km2": 40, "declarations": {"national": {
            "supply_chain": {"met": True, "by": "某县工信局", "note": "对照原文核对"},
            "green": {"met": False, "by": "某县工信局", "note": "对照原文核对"},
        }}}  # fmt: skip
    )
    assert got == [f.status for f in national.evaluate(profile, AS_OF).findings]
    assert got[ids.index("supply_chain")] is Status.DECLARED_MET and got[ids.index("green")] is Status.DECLARED_NOT_MET
    assert OVERALLS[chunk.overall[0][0]] is Overall.INELIGIBLE
    bad = {**base, "declarations.national.core.output.met": "true", "declarations.national.core.output.by": "x", "declarations.national.core.output.note": "y"}
    (chunk,) = Screener([national], as_of=AS_OF, engine="columns").chunks(table_from_mappings([bad]))
    assert chunk.errors[0][0].startswith("row 1: declarations.national.core.output: 'core.output' is encoded in 'national' (check kind each_year)")


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


#: Number cells: plain ones around the digit limits (15 before the point, 40 after; 18 digits fit
#: int64, 38 a decimal128) and the near misses (a sign, a bare point, spaces, exponents, other digits).
NUMBER_CELL = st.one_of(
    st.text(alphabet="0123456789.-+ e\t\u3000１٣集é\n", max_size=6),
    st.builds(
        lambda pad, sign, whole, frac, end: f"{pad}{sign}{whole}{frac}{end}",
        st.sampled_from(["", "", " ", "\u3000"]),
        st.sampled_from(["", "", "-", "+"]),
        st.sampled_from([1, 2, 3, 14, 15, 16, 18]).flatmap(_digits),
        st.one_of(st.just(""), st.just("."), st.sampled_from([1, 2, 3, 17, 18, 21, 39, 40, 41]).flatmap(_digits).map(lambda d: "." + d)),
        st.sampled_from(["", "", " ", ".", "-"]),
    ),
)


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow")
@settings(max_examples=int(os.environ.get("CLUSTERPOLICY_BATCH_EXAMPLES", "60")) * 4, deadline=None)
@given(cells=st.lists(NUMBER_CELL, min_size=1, max_size=12), kind=st.sampled_from(["decimal", "decimal_nonneg", "int", "int_nonneg"]),
       skip=st.integers(0, 3))  # fmt: skip
@pytest.mark.parametrize("compiled", [True, False], ids=["with _cells.c", "numpy and pyarrow only"])
def test_the_columnar_reader_takes_exactly_the_numbers_the_plain_pattern_takes(cells, kind, skip, compiled):
    """Arrow number columns are read without a regular expression: exactly the cells the plain
    pattern (``NUMBER_PATTERNS``, after stripping) matches are present, each as its exact integer at
    the column's scale; any other non-empty cell is left for the converter — with the compiled
    reader and without it (an install without a C compiler)."""
    import pyarrow as pa

    from clusterpolicy.criteria import arrowcols
    from clusterpolicy.criteria.columns import NUMBER_PATTERNS

    if compiled and arrowcols._cells is None:
        pytest.skip("clusterpolicy.criteria._cells is not built")
    column = pa.array(["9"] * skip + cells, pa.string()).slice(skip)  # a slice, as a reader's block is
    with mock.patch.object(arrowcols, "_cells", arrowcols._cells if compiled else None):
        exact, bad = arrowcols._exact(column, kind)
    stripped = [c.strip() for c in cells]
    plain = [bool(c) and re.fullmatch(NUMBER_PATTERNS[kind], c) is not None for c in stripped]
    assert exact.present.tolist() == plain
    assert ([False] * len(cells) if bad is None else bad.tolist()) == [bool(c) and not p for c, p in zip(stripped, plain)]
    scale = max((len(c.partition(".")[2]) for c, p in zip(stripped, plain) if p), default=0)
    want = [int(c.replace(".", "")) * 10 ** (scale - len(c.partition(".")[2])) if p else 0 for c, p in zip(stripped, plain)]
    assert exact.scale == scale
    assert [int(v) for v in exact.ints.tolist()] == want
    assert exact.bound == max(abs(v) for v in want)


#: Cells of the usual columns: no spaces, at most 15 digits, and the near misses made of the same
#: bytes (a bare sign or point, two points, a sign inside, 16 digits).
SHORT_CELL = st.one_of(
    st.text(alphabet="0123456789.-", max_size=5),
    st.builds(
        lambda sign, whole, frac: f"{sign}{whole}{frac}",
        st.sampled_from(["", "", "-"]),
        st.sampled_from([1, 2, 3, 7, 14, 15]).flatmap(_digits),
        st.one_of(st.just(""), st.sampled_from([1, 2, 6, 13, 14]).flatmap(_digits).map(lambda d: "." + d)),
    ),
    st.sampled_from(["", "0", "-0", "0.0", "999999999999999", "-99999999999999.9", "0.00000000000001", "9.99999999999999",
                     "4503599627370497", "0.1", "0.7", "1.1", "62.5"]),
)  # fmt: skip


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow")
@settings(max_examples=int(os.environ.get("CLUSTERPOLICY_BATCH_EXAMPLES", "60")) * 4, deadline=None)
@given(cells=st.lists(SHORT_CELL, min_size=1, max_size=12), kind=st.sampled_from(["decimal", "decimal_nonneg", "int", "int_nonneg"]),
       skip=st.integers(0, 3))  # fmt: skip
def test_the_usual_columns_are_read_through_floats_with_the_same_exact_integers(cells, kind, skip):
    """A column of plain cells of at most 15 digits at its scale is read by the float parser; its
    integers, presence and cells for the converter are the careful reader's, digit for digit."""
    import pyarrow as pa

    from clusterpolicy.criteria.arrowcols import _careful, _short
    from clusterpolicy.criteria.columns import NUMBER_PATTERNS

    column = pa.array(["9"] * skip + cells, pa.string()).slice(skip)
    plain = [re.fullmatch(NUMBER_PATTERNS[kind], c) is not None for c in cells]
    scale = max((len(c.partition(".")[2]) for c, p in zip(cells, plain) if p), default=0)
    width = max((len(c.lstrip("-").partition(".")[0]) + scale for c, p in zip(cells, plain) if p), default=0)
    short = _short(column, kind)
    if all(p or not c for c in cells for p in [re.fullmatch(NUMBER_PATTERNS[kind], c) is not None]) and width <= 15:
        assert short is not None
    if short is not None:
        (exact, bad), (want, want_bad) = short, _careful(column, kind)
        assert exact.ints.dtype == want.ints.dtype and exact.ints.tolist() == want.ints.tolist()
        assert (exact.scale, exact.bound, exact.present.tolist()) == (want.scale, want.bound, want.present.tolist())
        assert (None if bad is None else bad.tolist()) == (None if want_bad is None else want_bad.tolist())


@pytest.mark.skipif(importlib.util.find_spec("clusterpolicy.criteria._cells") is None, reason="clusterpolicy.criteria._cells is not built")
@settings(max_examples=int(os.environ.get("CLUSTERPOLICY_BATCH_EXAMPLES", "60")) * 4, deadline=None)
@given(cells=st.lists(st.one_of(SHORT_CELL, NUMBER_CELL), min_size=1, max_size=12),
       kind=st.sampled_from(["decimal", "decimal_nonneg", "int", "int_nonneg"]), skip=st.integers(0, 3))  # fmt: skip
@example(cells=["-999999999999999", "0.001"], kind="decimal", skip=0)  # at scale 3: 18 digits and a sign, Python ints
@example(cells=["999999999999999", "0.001"], kind="decimal", skip=1)  # 18 digits, no sign: int64
def test_the_compiled_reader_takes_every_plain_column_and_reads_it_as_the_careful_reader_does(cells, kind, skip):
    """``_cells.c`` reads a column whose every cell is plain or empty and whose values fit 18
    characters (digits and sign, as the careful reader counts them) at the column's scale — integers, scale, bound and presence the careful reader's, digit for
    digit — and leaves any other column (a cell with a space, a sign where none may be, too wide)
    to the readers after it."""
    import pyarrow as pa

    from clusterpolicy.criteria.arrowcols import _careful, _compiled, _Layout
    from clusterpolicy.criteria.columns import NUMBER_PATTERNS

    column = pa.array(["9"] * skip + cells, pa.string()).slice(skip)
    plain = [re.fullmatch(NUMBER_PATTERNS[kind], c) is not None for c in cells]
    digits = max((len(c.replace(".", "")) for c, p in zip(cells, plain) if p), default=0)  # with the sign
    scale = max((len(c.partition(".")[2]) for c, p in zip(cells, plain) if p), default=0)
    got = _compiled(kind, _Layout(column))
    if not all(p or not c for c, p in zip(cells, plain)) or digits + scale > 18:
        assert got is None
        return
    (exact, bad), (want, want_bad) = got, _careful(column, kind)
    assert bad is None is want_bad
    assert exact.ints.dtype == want.ints.dtype and exact.ints.tolist() == want.ints.tolist()
    assert (exact.scale, exact.bound, exact.present.tolist()) == (want.scale, want.bound, want.present.tolist())


def test_the_compiled_reader_is_built_where_a_c_compiler_is():
    """``pip install`` builds ``_cells.c``, ``_split.c`` and ``_lines.c`` where it finds the compiler Python was
    built with; an install without one works without them (and reads the same numbers and writes
    the same bytes, more slowly)."""
    import shutil
    import sysconfig

    compiler = (sysconfig.get_config_var("CC") or "").split()
    if not compiler or shutil.which(compiler[0]) is None:
        pytest.skip("no C compiler here")
    assert importlib.util.find_spec("clusterpolicy.criteria._cells") is not None
    assert importlib.util.find_spec("clusterpolicy.batch._lines") is not None
    assert importlib.util.find_spec("clusterpolicy.batch._split") is not None


#: Cells of boolean columns: the words in any case, empty cells and the near misses of the same lengths and bytes.
BOOL_CELL = st.one_of(
    st.sampled_from(["true", "false", "", "true", "false"]),
    st.sampled_from(["True", "FALSE", "tru", "truee", "fals", "falsE", "falze", "ture", "eurt", "xxxx", "1", "0", " true", "true ", "\u3000",
                     "trué", "ｔrue", "tRUE", "FaLsE"]),
    st.text(alphabet="truefalsTRUEFALS", max_size=5),
)


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow")
@settings(max_examples=int(os.environ.get("CLUSTERPOLICY_BATCH_EXAMPLES", "60")) * 4, deadline=None)
@given(cells=st.lists(BOOL_CELL, min_size=1, max_size=12), skip=st.integers(0, 3))
@pytest.mark.parametrize("compiled", [True, False], ids=["with _cells.c", "numpy and pyarrow only"])
def test_a_plain_boolean_column_is_read_by_arrows_parser_as_each_value_is_read(cells, skip, compiled):
    """The fast reading of a column of ``true``/``false`` (any case)/empty cells (in C, or by their
    lengths, then Arrow's boolean parser) takes exactly those columns, and gives what reading each
    distinct value gives (``str.lower``, as :func:`clusterpolicy.criteria.arrowcols.parse` reads the others)."""
    import pyarrow as pa

    from clusterpolicy.criteria import arrowcols
    from clusterpolicy.criteria.arrowcols import _TRI, _distinct, _Layout, _plain_bool

    if compiled and arrowcols._cells is None:
        pytest.skip("clusterpolicy.criteria._cells is not built")
    column = pa.array(["false"] * skip + cells, pa.string()).slice(skip)  # a slice, as a reader's block is
    with mock.patch.object(arrowcols, "_cells", arrowcols._cells if compiled else None):
        got = _plain_bool(column, _Layout(column))
    if all(c.lower() in ("true", "false", "") for c in cells):
        assert got is not None and got.tolist() == [{"true": 1, "false": 0, "": -1}[c.lower()] for c in cells]
        codes, words = _distinct(column)
        assert got.tolist() == [-1 if c < 0 else _TRI[words[c].lower()] for c in codes.tolist()]
    else:
        assert got is None


@pytest.mark.skipif(importlib.util.find_spec("clusterpolicy.criteria._cells") is None, reason="clusterpolicy.criteria._cells is not built")
@settings(max_examples=int(os.environ.get("CLUSTERPOLICY_BATCH_EXAMPLES", "60")) * 4, deadline=None)
@given(cells=st.lists(st.one_of(st.sampled_from(["east", "east ", " east", "", "\u3000", "海南省", "county_sme_authority", "2025-05-20"]),
                                st.text(max_size=20)), min_size=1, max_size=40), skip=st.integers(0, 3))  # fmt: skip
def test_a_coded_column_gets_arrows_codes_and_values_from_the_compiled_reader(cells, skip):
    """``_cells.distinct`` numbers a column's distinct cells as Arrow's ``dictionary_encode`` does
    (in the order they first come), so the coded column — codes into the stripped values, ``-1``
    for an empty one — is the same with and without ``_cells.c``."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from clusterpolicy.criteria import arrowcols
    from clusterpolicy.criteria.arrowcols import _distinct, _Layout

    column = pa.array(["x" * 9] * skip + cells, pa.string()).slice(skip)  # a slice, as a reader's block is
    layout = _Layout(column)
    codes = np.empty(len(cells), dtype=np.int32)
    encoded = pc.dictionary_encode(column)
    assert arrowcols._cells.distinct(layout.offsets, layout.data, codes) == [w.encode() for w in encoded.dictionary.to_pylist()]
    assert codes.tolist() == encoded.indices.to_pylist()
    compiled = _distinct(column)
    with mock.patch.object(arrowcols, "_cells", None):
        codes, words = _distinct(column)
    assert (compiled[0].tolist(), compiled[1]) == (codes.tolist(), words)
    assert words == list(dict.fromkeys(c.strip() for c in cells if c.strip()))


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow")
def test_a_text_column_from_arrow_is_coded_when_first_read_as_the_text_path_codes_it():
    import pyarrow as pa

    from clusterpolicy.criteria import arrowcols, columns
    from clusterpolicy.criteria.flat import parse_header

    cols = parse_header(["name", "province"], "<test>")
    rows = [["甲", " 海南省 "], ["", "海南省"], ["乙", ""], ["丙", "浙江省"], ["丁 ", "海南省"]]
    batch = pa.RecordBatch.from_arrays([pa.array([r[i] for r in rows], pa.string()) for i in range(2)], names=["c0", "c1"])
    lazy, left = arrowcols.parse(cols, batch, AS_OF, AS_OF)
    text, text_left = columns.parse(cols, rows, AS_OF, AS_OF)
    assert left == text_left == [1]  # a row without a name is the converter's to reject
    province = lazy.columns["province"]
    assert isinstance(province, arrowcols._Text)  # coded on first read
    assert province.missing().tolist() == text.columns["province"].missing().tolist() == [False, True, False, False]
    for name in ("name", "province"):
        assert lazy.columns[name].values == text.columns[name].values
        assert lazy.columns[name].codes.tolist() == text.columns[name].codes.tolist()
    assert province.values == ["海南省", "浙江省"] and province.codes.tolist() == [0, -1, 1, 0]


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow")
def test_a_number_column_no_rule_reads_is_checked_at_once_and_parsed_only_when_read():
    """A year outside every window: its cells still route a bad row to the converter, but its
    values are parsed only if something reads them — then they are the text path's."""
    import pyarrow as pa

    from clusterpolicy.criteria import arrowcols, columns
    from clusterpolicy.criteria.flat import parse_header
    from clusterpolicy.criteria.kernels import Program

    cols = parse_header(["name", "years.2024.total_output", "years.2019.total_output"], "<test>")
    rows = [["甲", "40", "12.5"], ["乙", "41.5", "1."], ["丙", "39.25", ""]]
    batch = pa.RecordBatch.from_arrays([pa.array([r[i] for r in rows], pa.string()) for i in range(3)], names=["c0", "c1", "c2"])
    lazy, left = arrowcols.parse(cols, batch, AS_OF, AS_OF)
    text, text_left = columns.parse(cols, rows, AS_OF, AS_OF)
    assert left == text_left == [1]  # "1." is not a plain number: the converter decides it
    Program(REGIMES["national"]).run(lazy)
    read, unread = lazy.columns["years.2024.total_output"], lazy.columns["years.2019.total_output"]
    assert isinstance(unread, arrowcols._Deferred)
    with pytest.raises(AttributeError):
        columns.Exact.ints.__get__(unread)  # the slot is empty: never parsed
    assert columns.Exact.ints.__get__(read).tolist() == [4000, 3925]  # read by the output rule
    for name in ("years.2024.total_output", "years.2019.total_output"):
        got, want = lazy.columns[name], text.columns[name]
        assert (got.ints.tolist(), got.scale, got.present.tolist(), got.bound) == (want.ints.tolist(), want.scale, want.present.tolist(), want.bound)


@pytest.mark.parametrize(
    ("body", "rows"),
    [
        (b'name,area_km2\n"\n",50\n', ['2,,row 2: name: required field missing,']),  # a name that is only a newline is missing
        (b"name,area_km2\nA,50\n,,\n,\nB,50\n", ["2,A,,2025-05-20", '3,,"row 3: has 3 cells, the header has 2",', "5,B,,2025-05-20"]),
        (b"name,area_km2\nA,5\xff0\n\xffB,50\n", ['2,A,"row 2: cannot decode byte 0xff as utf-8 (column 2, character 2 of the cell;', '3,,"row 3: cannot decode byte 0xff as utf-8 (column 1, character 1 of the cell;']),
        (b"name,area_km2\nA\x00B,50\nC,50\n", ["2,A␀B,row 2: name: text must not contain a NUL character", "3,C,,2025-05-20"]),
    ],
    ids=["newline-name", "commas-only", "undecodable", "nul-in-text"],
)
def test_every_reader_and_engine_writes_the_same_rows_for_odd_lines(tmp_path, body, rows):
    """A row of empty cells is blank only at the header's width; a cell that is only a newline is
    empty; a row rejected for an undecodable byte keeps its readable name; a NUL in text rejects the
    row (the converter's message) — whichever reader and engine read it."""
    from clusterpolicy.batch.output import write_batch

    national = fresh_regimes()["national"]
    src = tmp_path / "in.csv"
    src.write_bytes(body)
    written = set()
    for reader, engine in [("text", "columns"), ("text", "rows")] + ([("arrow", "columns")] if importlib.util.find_spec("pyarrow") else []):
        out = tmp_path / f"{reader}-{engine}.csv"
        write_batch(src, out, [national], as_of=AS_OF, reader=reader, engine=engine)
        lines = out.read_text(encoding="utf-8-sig").splitlines()[1:]
        assert [line[: len(want)] for line, want in zip(lines, rows)] == rows and len(lines) == len(rows), (reader, engine)
        written.add(out.read_bytes())
    assert len(written) == 1


@settings(max_examples=int(os.environ.get("CLUSTERPOLICY_BATCH_EXAMPLES", "60")) // 4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows=st.lists(row(), min_size=1, max_size=8), declare=st.booleans())
def test_both_engines_write_what_each_verdict_rests_on_alike(rows, declare):
    """The ``<regime>:declared`` / ``<regime>:waived`` / ``<regime>:notes`` columns (and JSON Lines
    keys) are the single-profile path's Assessment.declared / .waived and its remarks, and the
    column and row engines write the same bytes (waivers come from both engines; a row with a
    declaration takes the row path)."""
    from clusterpolicy.batch.output import write_batch

    if declare:
        rows = [{**r, "declarations.national.green.met": "true", "declarations.national.green.by": "某县", "declarations.national.green.note": "核对"} for r in rows]
    table = table_from_mappings(rows)
    cells = [(n, c) for block in table.iter_blocks(len(rows)) for n, c in zip(block.numbers, block.rows)]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rows.csv")
        _csv(rows, path)
        written = {}
        for engine in ("columns", "rows"):
            for fmt in ("csv", "jsonl"):
                out = os.path.join(tmp, f"out-{engine}.{fmt}")
                write_batch(path, out, SELECTED, as_of=AS_OF, engine=engine)
                with open(out, "rb") as f:
                    written.setdefault(fmt, set()).add(f.read())
        assert all(len(v) == 1 for v in written.values())
        with open(os.path.join(tmp, "out-columns.csv"), encoding="utf-8-sig", newline="") as f:
            lines = list(csv.reader(f))[1:]
    for (number, c), line in zip(cells, lines):
        kind, want = reference(table.columns, number, c, SELECTED, AS_OF, date.today())
        if kind == "rejected":
            assert line[-3 * len(SELECTED):] == [""] * (3 * len(SELECTED))
            continue
        expected = []
        for regime, (_, statuses, remarks) in zip(SELECTED, want):
            ids = [r.rule.id for r in regime.criteria]
            expected.append(";".join(i for i, s in zip(ids, statuses) if s in (Status.DECLARED_MET, Status.DECLARED_NOT_MET)))
            expected.append(";".join(i for i, s in zip(ids, statuses) if s is Status.WAIVED))
            expected.append(";".join(remarks))
        assert line[-3 * len(SELECTED):] == expected


#: Texts for the CSV writer's quoting: separators, quotes, line ends, formula starts, CJK.
QUOTED_TEXT = st.text(alphabet=',"\r\n=+-@\tab 集', max_size=6)


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow")
@settings(max_examples=int(os.environ.get("CLUSTERPOLICY_BATCH_EXAMPLES", "60")) * 4, deadline=None)
@given(cells=st.lists(QUOTED_TEXT, min_size=1, max_size=10), skip=st.integers(0, 3))
def test_the_arrow_csv_writers_quoting_is_the_csv_modules_after_the_formula_guard(cells, skip):
    """:func:`~clusterpolicy.batch.writers._quoted` looks at the cells' first bytes and bytes
    before it quotes in C: each cell comes out as the text writer writes it, on a column that is
    a slice of a larger one (as a block's columns are)."""
    import pyarrow as pa

    from clusterpolicy.batch.writers import _csv_field, _quoted
    from clusterpolicy.sheets import guarded

    column = pa.array(["=x,"] * skip + cells + ["+y"], pa.string()).slice(skip, len(cells))
    assert _quoted(column).to_pylist() == [_csv_field(guarded(c)) for c in cells]


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow")
@settings(max_examples=int(os.environ.get("CLUSTERPOLICY_BATCH_EXAMPLES", "60")) * 2, deadline=None)
@given(rows=st.lists(st.tuples(st.booleans(), st.integers(0, 2**32 - 1)), min_size=1, max_size=40), merged=st.sampled_from([1, 3, 10**6]),
       names=st.lists(st.sampled_from(["集群", "=1+1", "+x", "-y", "@z", "\t=t", 'q"x', "a,b", "line\nbreak", "cr\r", ""]), min_size=1, max_size=5),
       lang=st.sampled_from(["en", "zh"]), layout=st.sampled_from(["rules × rows", "rows × rules", "strided"]))  # fmt: skip
@pytest.mark.parametrize("compiled", [True, False], ids=["with _lines.c", "pyarrow only"])
def test_the_arrow_csv_writer_writes_the_text_writers_bytes_whichever_pieces_it_joins(rows, merged, names, lang, layout, compiled):
    """:class:`~clusterpolicy.batch.writers.ArrowCsvWriter` renders a chunk's statuses in pieces
    and joins adjacent ones while few distinct texts result (``MERGED``: 1 joins every piece of a
    line, 10**6 none), or builds each line in C (``_lines.c``, where it was built): every status,
    rejected rows, what verdicts rest on and the notes, names and errors to be quoted or guarded,
    in English and Chinese, come out byte for byte as :class:`~clusterpolicy.batch.writers.CsvWriter`
    writes them — chunk after chunk (the C lines' buffer is kept from one to the next)."""
    import io
    import random

    import numpy as np

    from clusterpolicy.batch import writers
    from clusterpolicy.batch.screen import Chunk
    from clusterpolicy.batch.writers import ArrowCsvWriter, CsvWriter

    if compiled and writers._lines is None:
        pytest.skip("clusterpolicy.batch._lines is not built")

    def chunk_of(rows: list[tuple[bool, int]], first: int) -> Chunk:
        n = len(rows)
        errors = {i: [f"row {i + first}: name: {names[i % len(names)]!r} is not a number"] for i, (rejected, _) in enumerate(rows) if rejected}
        statuses, overall = [], []
        for regime in SELECTED:
            k = len(regime.criteria)
            s = np.array([[random.Random(seed * 31 + r).randrange(len(STATUSES)) for r in range(k)] for _, seed in rows], dtype=np.int8)
            o = np.array([seed % len(OVERALLS) for _, seed in rows], dtype=np.int8)
            for i in errors:
                s[i], o[i] = -1, -1
            if layout == "rules × rows":  # as the column engine makes them
                s = np.asfortranarray(s)
            elif layout == "strided":
                s = np.repeat(s, 2, axis=1)[:, ::2]
            statuses.append(s)
            overall.append(o)
        as_of = np.array([-1 if i in errors else seed % 2 for i, (_, seed) in enumerate(rows)], dtype=np.int32)
        notes = [{i: (f"{regime.criteria[0].rule.id}:growth_readings_differ",) for i, (_, seed) in enumerate(rows) if seed % 5 == 0 and i not in errors}
                 for regime in SELECTED]  # fmt: skip
        shown = [None if i % 3 == 0 else f"{names[i % len(names)]}{i}" for i in range(n)]
        return Chunk(list(range(first, n + first)), shown, errors, statuses, overall, as_of, [AS_OF, date(2024, 12, 31)], notes)

    chunks = [chunk_of(rows, 2), chunk_of(rows[: (len(rows) + 1) // 2], 2 + len(rows))]  # a shorter one after
    text = io.StringIO()
    plain = CsvWriter(text, SELECTED, bom=False, lang=lang)
    binary = io.BytesIO()
    with mock.patch.object(writers, "_lines", writers._lines if compiled else None):
        writer = ArrowCsvWriter(binary, SELECTED, bom=False, lang=lang)
        writer.MERGED = merged
        for chunk in chunks:
            plain.write(chunk)
            writer.write(chunk)
    assert binary.getvalue().decode("utf-8") == text.getvalue()


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow")
@settings(max_examples=int(os.environ.get("CLUSTERPOLICY_BATCH_EXAMPLES", "60")) * 2, deadline=None)
@given(rows=st.lists(st.lists(st.sampled_from([b"", b"1", b"a,b", "集".encode(), b"\xff", b"\xe9t\xe9"]), min_size=2, max_size=2), min_size=1, max_size=12),
       cuts=st.lists(st.integers(1, 11), max_size=3))  # fmt: skip
def test_a_block_gathered_from_several_batches_is_the_block_of_them_combined(rows, cuts):
    """The reader's batches are joined by the one copy that checks them as UTF-8: blank rows,
    undecodable cells and the text are what one combined batch gives."""
    import numpy as np
    import pyarrow as pa

    from clusterpolicy.batch.arrowio import _text_block

    batch = pa.RecordBatch.from_arrays([pa.array([r[i] for r in rows], pa.binary()) for i in range(2)], names=["c0", "c1"])
    bounds = sorted({0, len(rows), *(c for c in cuts if c < len(rows))})
    parts = [batch.slice(a, b - a) for a, b in zip(bounds, bounds[1:])]
    numbers = np.arange(2, 2 + len(rows), dtype=np.int64)
    one, gathered = _text_block([batch], numbers), _text_block(parts, numbers)
    assert list(gathered.numbers) == list(one.numbers) and gathered.rejected == one.rejected
    assert gathered.arrow.to_pylist() == one.arrow.to_pylist()
    if len(parts) > 1 and not one.rejected and len(one):
        assert len({c.buffers()[2].address for c in gathered.arrow.columns}) == 1  # one buffer: joined once


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow")
def test_the_arrow_path_trims_every_character_str_strip_removes():
    """``arrowcols.WHITESPACE`` (what Arrow's trim removes) is every character ``str.isspace`` says is
    whitespace, of the whole of Unicode: the text path's ``str.strip()`` and Arrow's trim agree."""
    import sys

    from clusterpolicy.criteria.arrowcols import WHITESPACE

    assert WHITESPACE == "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
