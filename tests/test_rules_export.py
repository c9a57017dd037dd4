"""The TOML format carries the real regimes: every built-in jurisdiction, exported to TOML and loaded
back instead of its shipped rule file, gives identical regimes and identical evaluations; the export
says exactly what the hand-written file says; and loading → dumping → loading any rule file is
stable (property test)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clusterpolicy
from clusterpolicy import get_plugin_manager
from clusterpolicy.criteria import (
    AnyOf, Attestation, Condition, Conditional, Criterion, EachYear, Grade, Growth, IncidentBar, IncidentKind, InSet,
    NegativeList, NotEncoded, Prerequisite, RankAtLeast, RankLevel, Share, Threshold, Waiver,
)  # fmt: skip
from clusterpolicy.model import Citation, Jurisdiction, Level, Provenance, Removal, RuleChanges, SourceDocument
from clusterpolicy.numbers import Op
from clusterpolicy.regimes.families import FAMILIES
from clusterpolicy.regimes.rulefile import declarations, dump_rule_file, parse_rule_file
from clusterpolicy.convert import parse_document
from clusterpolicy.limits import MAX_DATE, MIN_DATE

ROOT = Path(__file__).resolve().parents[1]
BUILTINS = ("national", "hainan", "anhui")
PROFILES = sorted((ROOT / "examples").glob("*.toml")) + sorted((ROOT / "examples").glob("*.json"))


def _profiles():
    out = []
    for p in PROFILES:
        try:
            out.append(clusterpolicy.load_profile(p))
        except clusterpolicy.InputError:
            continue  # examples/ also holds other kinds of input (typical-case submissions)
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("exported")
    result = {}
    for jid in BUILTINS:
        run = subprocess.run(
            [sys.executable, "-m", "clusterpolicy", "export-rules", jid, "--out", str(out / f"{jid}.toml")],
            capture_output=True, text=True, cwd=ROOT, timeout=60,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        result[jid] = out / f"{jid}.toml"
    return result


def test_builtins_exported_to_toml_resolve_to_identical_regimes(exported):
    python = clusterpolicy.load_regimes()
    toml = clusterpolicy.load_regimes(entry_points=False, rules=list(exported.values()))
    assert list(toml) == list(python)
    for jid in python:
        assert toml[jid].jurisdiction == python[jid].jurisdiction
        assert toml[jid].lineage == python[jid].lineage
        for family in FAMILIES:
            got = [(r.rule, r.origin, r.replaces) for r in getattr(toml[jid], family)]
            want = [(r.rule, r.origin, r.replaces) for r in getattr(python[jid], family)]
            assert got == want, (jid, family)
        assert [(x.family, x.removal, x.jurisdiction) for x in toml[jid].removed] == [
            (x.family, x.removal, x.jurisdiction) for x in python[jid].removed
        ]
        assert toml[jid].plugins == tuple(sorted(f"{j}.toml" for j in python[jid].lineage))


def test_builtins_exported_to_toml_evaluate_identically(exported):
    python = clusterpolicy.load_regimes()
    toml = clusterpolicy.load_regimes(entry_points=False, rules=list(exported.values()))
    profiles = _profiles()
    assert len(profiles) >= 3
    for profile in profiles:
        for jid in python:
            assert toml[jid].evaluate(profile, date(2025, 5, 20)) == python[jid].evaluate(profile, date(2025, 5, 20))


def test_export_carries_exactly_the_shipped_rule_file(exported):
    """The built-ins are hand-written rule files (ordered, commented); their export is the same data."""
    from importlib.metadata import entry_points

    from clusterpolicy.regimes.rulefile import load_resource

    eps = {ep.name: ep for ep in entry_points(group="clusterpolicy")}
    for jid, path in exported.items():
        shipped = load_resource(eps[jid].module, eps[jid].attr, source=eps[jid].value)
        again = parse_rule_file(parse_document(path.read_text(encoding="utf-8"), str(path), as_json=False), str(path))
        assert again.jurisdiction == shipped.jurisdiction, jid
        assert again.changes == shipped.changes, jid


def test_export_is_byte_stable(exported):
    for jid, path in exported.items():
        rf = parse_rule_file(parse_document(path.read_text(encoding="utf-8"), str(path), as_json=False), str(path))
        again = dump_rule_file(rf.jurisdiction, rf.changes)
        assert again == path.read_text(encoding="utf-8").split("\n\n", 1)[1], jid  # minus the header comment


def test_export_of_an_unknown_jurisdiction_is_an_error():
    run = subprocess.run(
        [sys.executable, "-m", "clusterpolicy", "export-rules", "atlantis"], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert (run.returncode, run.stderr) == (  # bad input (exit 2), as `diff national atlantis`
        2,
        "clusterpolicy: error: no plugin declares jurisdiction 'atlantis' (known: anhui, hainan, national)\n",
    )


def test_export_json_is_the_same_data():
    run = subprocess.run(
        [sys.executable, "-m", "clusterpolicy", "export-rules", "hainan", "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert (doc["schema_version"], doc["kind"]) == ("2.0", "rule_file")
    rf = parse_rule_file(doc["rule_file"], "<json>")
    j, changes = declarations(get_plugin_manager(), "hainan")
    assert (rf.jurisdiction, rf.changes) == (j, changes)


# --- property: load → dump → load is stable ----------------------------------------------------

ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}(\.[a-z0-9_]{1,6})?", fullmatch=True)
# Any text an input may hold: Unicode without NUL (clusterpolicy.limits.check_text).
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=20).filter(str.strip)
decimals = st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**6), max_value=10**6)
scalar_fields = st.sampled_from(["area_km2", "firms.little_giants", "extra.standards_set", "firms.high_tech"])
year_fields = st.sampled_from(["total_output", "sme_output", "employees", "extra.exports"])
ops = st.sampled_from(list(Op))
conditions = st.one_of(
    st.builds(Condition, field=st.sampled_from(["special_circumstances", "high_energy"]), equals=st.booleans()),
    st.builds(Condition, field=st.just("application_year"), equals=st.integers(2000, 2030)),
    st.builds(Condition, field=st.just("region"), equals=st.sampled_from(["east", "west"])),
)
citations = st.builds(Citation, document=text, item=text, quote=st.none() | text)

leaf_checks = st.one_of(
    st.builds(Threshold, fields=st.lists(scalar_fields, min_size=1, max_size=3).map(tuple), op=ops, value=decimals, unit=st.just("") | text),
    st.builds(EachYear, field=year_fields, years=st.integers(1, 5), op=ops, value=decimals),
    # a share in percent has its threshold from 0 to 100 (another is refused on load)
    st.builds(Share, numerator=year_fields, denominator=year_fields, op=ops, value=st.decimals(min_value=0, max_value=100, places=3)),
    st.builds(Share, numerator=year_fields, denominator=year_fields, per=st.just(Decimal(10000)), op=ops, value=decimals),
    st.builds(Growth, field=year_fields, years=st.integers(2, 5), op=ops, value=decimals),
    st.builds(Attestation, key=ids.map(lambda s: s.replace(".", "_"))),
    st.builds(RankAtLeast, at_least=st.sampled_from(list(RankLevel))),
    st.builds(InSet, field=st.just("applicant"), values=st.lists(st.sampled_from(["county_sme_authority", "operating_body"]), min_size=1).map(tuple)),
    st.builds(Prerequisite, field=st.just("provincial_cluster"), exempt_when=st.none() | conditions),
    st.builds(NotEncoded, note_zh=text, note_en=text),
    st.builds(
        NegativeList,
        window_years=st.integers(1, 5),
        bars=st.lists(
            st.builds(IncidentBar, kinds=st.lists(st.sampled_from(list(IncidentKind)), min_size=1, max_size=3).map(tuple),
                      min_grade=st.none() | st.sampled_from(list(Grade))),
            min_size=1, max_size=3,
        ).map(tuple),
    ),
)  # fmt: skip
checks = st.one_of(
    leaf_checks,
    st.builds(Conditional, when=conditions, then=leaf_checks),
    st.lists(leaf_checks, min_size=1, max_size=3).flatmap(
        lambda opts: st.builds(AnyOf, options=st.just(tuple(opts)), need=st.integers(1, len(opts)))
    ),
)


@st.composite
def criteria(draw, rid=None):
    check = draw(checks)
    provenance = Provenance.UNKNOWN if isinstance(check, NotEncoded) and draw(st.booleans()) else draw(
        st.sampled_from([Provenance.TEXT, Provenance.SECONDARY])
    )
    return Criterion(
        id=rid or draw(ids), indicator=draw(text), title_zh=draw(text), title_en=draw(text), check=check,
        soft=draw(st.booleans()), waiver=draw(st.none() | st.builds(Waiver, when=conditions, note_zh=text, note_en=text)),
        citation=draw(citations), provenance=provenance,
    )  # fmt: skip


@st.composite
def rule_files(draw):
    jid = draw(ids)
    rules = draw(st.lists(criteria(), max_size=4, unique_by=lambda c: c.id))
    removals = draw(st.lists(st.builds(Removal, id=ids, reason_zh=text, reason_en=text, citation=citations,
                                       provenance=st.sampled_from(list(Provenance))), max_size=2, unique_by=lambda r: r.id))  # fmt: skip
    split = draw(st.integers(0, len(rules)))
    jurisdiction = Jurisdiction(
        id=jid, name_zh=draw(text), name_en=draw(text), level=draw(st.sampled_from(list(Level))),
        parent=draw(st.none() | ids),
        sources=tuple(draw(st.lists(st.builds(SourceDocument, id=text, title_zh=text, title_en=text,
                                              issued=st.none() | st.dates(MIN_DATE, MAX_DATE), provenance=st.sampled_from(list(Provenance)),
                                              file=st.none() | text), max_size=2, unique_by=lambda d: d.id))),
    )  # fmt: skip
    changes = RuleChanges(
        jurisdiction=jid, inherit=draw(st.booleans()), add=tuple(rules[:split]), override=tuple(rules[split:]),
        remove=tuple(removals),
    )  # fmt: skip
    return jurisdiction, {"criteria": changes}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule_files())
def test_load_dump_load_is_stable(rule_file):
    jurisdiction, changes = rule_file
    first = dump_rule_file(jurisdiction, changes)
    loaded = parse_rule_file(parse_document(first, "<generated>", as_json=False), "<generated>")
    assert loaded.jurisdiction == jurisdiction
    assert loaded.changes == changes
    second = dump_rule_file(loaded.jurisdiction, loaded.changes)
    assert second == first
