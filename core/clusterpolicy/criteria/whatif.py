"""What-if: a profile with some of its paths set to other values, re-evaluated, and only what the
changes flip, per regime.

A change names a profile path the rules read (``years.2024.total_output``, ``firms.little_giants``,
``attestations.well_known_brand``, ``front_rank``, …) and a value written as in a TOML profile
(``42``, ``4.5``, ``true``, ``provincial``; text that is not a TOML value is taken as a string). The
changed profile goes through the one converter, so a bad value gets the converter's own
``$.path: …`` error, exactly as the same value in the profile file would. So does an impossible
combination: a change that leaves a year's part above its total (``total_output`` set below the year's
``sme_output``, or a part set above ``total_output``) is refused at the part's path, with both figures
and the excess, never evaluated as a share of over 100% (set the parts with the total).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar


from ..errors import InputError, shorten
from ..model import doc, frozen
from .fields import SCALAR_FIELDS, is_year_field, scalar_type
from .profile import Profile
from .results import Margin, Overall, Status, rests_on

#: Top-level profile fields a change may set besides the scalar paths (a whole value, in TOML).
_WHOLE = ("incidents",)


@frozen(kw_only=True)
class Change:
    """One change to the profile."""

    path: str = doc("The profile path set, e.g. years.2024.total_output.")
    before: str | None = doc("Its value in the profile, as text (a decimal as written, true/false; null when absent).")
    after: str | None = doc("The value it was set to, as the converter read it (as text).")


@frozen(kw_only=True)
class Flip:
    """A criterion whose status the changes flip."""

    rule: str = doc("Criterion id.")
    title_zh: str = doc("Title (Chinese).")
    title_en: str = doc("Title (English).")
    before: Status = doc("Status with the profile as it is.")
    after: Status = doc("Status with the changes.")
    margin_before: Margin | None = doc("Distance to the threshold before (numeric criteria).", default=None)
    margin_after: Margin | None = doc("Distance to the threshold after.", default=None)
    reason_zh: str = doc("Reason after the changes (Chinese).")
    reason_en: str = doc("Reason after the changes (English).")


@frozen(kw_only=True)
class RegimeFlips:
    """What the changes flip under one regime."""

    regime: str = doc("Regime id.")
    regime_zh: str = doc("Regime name (Chinese).")
    regime_en: str = doc("Regime name (English).")
    before: Overall = doc("Verdict with the profile as it is.")
    after: Overall = doc("Verdict with the changes.")
    flips: tuple[Flip, ...] = doc("Criteria whose status changes, in the regime's order (only those).", default=())
    declared: tuple[str, ...] = doc(
        "Criteria the verdict with the changes rests on as declared (declared_met / declared_not_met): the assessment's "
        "declared, or none where a criterion the tool judged fails (that fail decides), as compare's * marks it (additive).",
        default=(),
    )
    waived: tuple[str, ...] = doc(
        "Criteria the verdict with the changes treats as waived on the profile's claim (whether a waiver applies is the "
        "authority's call): the assessment's waived, or none where a criterion the tool judged fails (additive).",
        default=(),
    )
    declared_before: tuple[str, ...] = doc("declared, with the profile as it is (additive).", default=())
    waived_before: tuple[str, ...] = doc("waived, with the profile as it is (additive).", default=())


@frozen(kw_only=True)
class WhatIf:
    """A profile re-evaluated with changes: only what they flip."""

    JSON_KIND: ClassVar[str] = "whatif"
    cluster: str = doc("Cluster name.")
    as_of: date = doc("Assessment date used.")
    changes: tuple[Change, ...] = doc("The changes, in the order given.")
    regimes: tuple[RegimeFlips, ...] = doc("Per regime, the verdicts before and after and the criteria flipped.")


def http_set_pattern() -> str:
    """The changes the HTTP API takes (its ``set`` parameter's pattern): a per-year figure or a firm
    count, and a value the profile's schema admits for it — so that a request the published schema
    allows is one the converter accepts. The command line takes any profile path."""
    import typing

    import attrs

    from ..limits import YEAR_KEY_PATTERN, MAX_INTEGER_DIGITS, decimal_pattern
    from .profile import Firms, YearFigures

    decimal = decimal_pattern(0)[1:-1]  # not below zero, as every figure and count
    count = rf"\+?(?:0|[1-9][0-9]{{0,{MAX_INTEGER_DIGITS - 1}}})"
    year = YEAR_KEY_PATTERN[1:-1]

    def integral(cls: type, name: str) -> bool:
        return int in set(typing.get_args(attrs.fields_dict(attrs.resolve_types(cls))[name].type))

    figures = [a.name for a in attrs.fields(YearFigures) if a.name != "extra"]
    dec = "|".join(f for f in figures if not integral(YearFigures, f))
    whole = "|".join(f for f in figures if integral(YearFigures, f))
    firms = "|".join(a.name for a in attrs.fields(Firms))
    return rf"^(?:years\.{year}\.(?:{dec})={decimal}|years\.{year}\.(?:{whole})={count}|firms\.(?:{firms})={count})$"


def parse_set(text: str, source: str = "--set") -> tuple[str, str]:
    """``PATH=VALUE`` → ``(PATH, VALUE)``; an input error without ``=``."""
    path, sep, value = text.partition("=")
    if not sep or not path.strip():
        raise InputError(source, [f"{shorten(text)}: expected PATH=VALUE, e.g. years.2024.total_output=42"])
    return path.strip(), value.strip()


def apply_changes(profile: Profile, changes: Sequence[tuple[str, str]], source: str) -> tuple[Profile, tuple[Change, ...]]:
    """The profile with each ``(path, value text)`` set, structured by the one converter (errors name
    ``source`` and the field path), and the changes with their values before and after."""
    from ..convert import parse_document, structure, unstructure

    problems = change_problems(changes)
    if problems:
        raise InputError(source, problems)
    data = unstructure(profile)
    data["years"] = {str(year): figures for year, figures in data["years"].items()}  # as a profile file's [years.2024]
    before = []
    for path, text in changes:
        node, key = _parent(data, path)
        before.append(_text(node.get(key)))
        try:
            parsed = parse_document(f"v = {text}", source, as_json=False)
            value = parsed["v"] if set(parsed) == {"v"} else text
        except InputError:
            if text.startswith(("[", "{")):  # meant as a list or table (JSON's quoted keys, say): not a string
                raise InputError(source, [f"{shorten(path)}: {shorten(text)} is not a TOML value: write it as in a TOML profile, "
                                          f"e.g. incidents=[{{date = 2023-05-01, kind = \"tax_evasion\", grade = \"larger\"}}]"]) from None
            value = text  # not a TOML value: a string (a name, an enum value)
        node[key] = value
    changed = structure(data, Profile, source)
    after = unstructure(changed)
    after["years"] = {str(year): figures for year, figures in after["years"].items()}
    return changed, tuple(
        Change(path=path, before=b, after=_text(_get(after, path))) for (path, _), b in zip(changes, before)
    )


def change_problems(changes: Sequence[tuple[str, str]]) -> list[str]:
    """Why the changes' paths cannot be set: a path no rule reads, or one given more than once (its
    later values would hide the earlier ones)."""
    from collections import Counter

    problems = [p for path, _ in changes if (p := _path_problem(path))]
    counts = Counter(path for path, _ in changes)
    problems += [f"{shorten(path)}: set more than once (each path can be set once)" for path, n in counts.items() if n > 1]
    return problems


def whatif(profile: Profile, regimes: Sequence[Any], changes: Sequence[tuple[str, str]], as_of: date | None = None,
           source: str = "changes") -> WhatIf:  # fmt: skip
    """Evaluate ``profile`` as it is and with ``changes`` under each regime; keep only the flips."""
    changed, applied = apply_changes(profile, changes, source)
    out = []
    day = None
    for regime in regimes:
        a, b = regime.evaluate(profile, as_of), regime.evaluate(changed, as_of)
        day = day or a.as_of
        after = {f.rule: f for f in b.findings}
        flips = []
        for f in a.findings:
            g = after.get(f.rule)
            if g is not None and g.status is not f.status:
                flips.append(Flip(rule=f.rule, title_zh=f.title_zh, title_en=f.title_en, before=f.status, after=g.status,
                                  margin_before=f.margin, margin_after=g.margin, reason_zh=g.reason_zh, reason_en=g.reason_en))  # fmt: skip
        (waived_before, declared_before), (waived, declared) = rests_on(a), rests_on(b)
        out.append(RegimeFlips(regime=a.regime, regime_zh=a.regime_zh, regime_en=a.regime_en, before=a.status, after=b.status, flips=tuple(flips),
                               declared=declared, waived=waived, declared_before=declared_before, waived_before=waived_before))  # fmt: skip
    return WhatIf(cluster=profile.name, as_of=day or as_of or profile.assessment_date or date.today(), changes=applied, regimes=tuple(out))


def _path_problem(path: str) -> str | None:
    """Why ``path`` is not a profile path a change may set (None when it is)."""
    head, _, rest = path.partition(".")
    if head == "years":
        year, _, field = rest.partition(".")
        if year and field and is_year_field(field):
            return None
        return f"{shorten(path)}: expected years.<year>.<figure> (a per-year figure such as total_output, or extra.<key>)"
    if scalar_type(path) is not None or path in _WHOLE:
        return None
    known = [*SCALAR_FIELDS, *_WHOLE]
    close = difflib.get_close_matches(path, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{shorten(path)}: not a profile path a rule reads{hint}; expected a field ({', '.join(known[:6])}, …), firms.<count>, attestations.<key>, extra.<key> or years.<year>.<figure>"


def _parent(data: dict[str, Any], path: str) -> tuple[dict[Any, Any], Any]:
    """The table holding ``path``'s last key in the unstructured profile (tables created as needed)."""
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    return node, parts[-1]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node



def whatif_text(w: WhatIf, lang: str) -> str:
    """The changes, then per regime the verdict before → after and each criterion flipped."""
    from ..glossary import term
    from .render import OVERALL_LABEL, STATUS_LABEL, margin_text, rests_on_text

    def word(key: str) -> str:
        return term("whatif", key, lang)

    zh = lang == "zh"
    out = [f"{word('title')} — {w.cluster} ({term('word', 'as_of', lang)} {w.as_of.isoformat()})"]
    out.append(f"{word('changes')}: " + ("；" if zh else "; ").join(f"{c.path}: {c.before or '—'} → {c.after or '—'}" for c in w.changes))
    out.append("")
    for r in w.regimes:
        # a verdict resting on declarations or a claimed waiver is marked *, as compare marks it, and says what it rests on
        rests = [r.waived_before or r.declared_before, r.waived or r.declared]
        said = [OVERALL_LABEL[lang][v] + ("*" if x else "") for v, x in zip((r.before, r.after), rests)]
        same = r.before is r.after and (r.waived_before, r.declared_before) == (r.waived, r.declared)
        verdict = f"{said[0]} → {said[1]}" if r.before is not r.after else f"{said[1]} ({word('unchanged')})"
        out.append(f"{r.regime_zh if zh else r.regime_en} [{r.regime}]: {verdict}")
        if same and rests[1]:
            out.append(f"  * {rests_on_text(r.after, r.waived, r.declared, lang)}")
        else:
            for key, v, waived, declared in (("before", r.before, r.waived_before, r.declared_before), ("after", r.after, r.waived, r.declared)):
                if waived or declared:
                    out.append(f"  * {word(key)}: {rests_on_text(v, waived, declared, lang)}")
        if not r.flips:
            out.append(f"  {word('nothing')}")
        for f in r.flips:
            margin = margin_text(f.margin_after, lang)
            out.append(f"  {f.rule} — {f.title_zh if zh else f.title_en}: {STATUS_LABEL[lang][f.before]} → {STATUS_LABEL[lang][f.after]}" + (f" ({margin})" if margin else ""))
            out.append(f"    {f.reason_zh if zh else f.reason_en}")
    return "\n".join(out)
