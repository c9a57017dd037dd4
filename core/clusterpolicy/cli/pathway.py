"""``clusterpolicy pathway`` and ``clusterpolicy whatif``: the road to recognition, and what changes flip."""

from __future__ import annotations

import argparse

from .app import EXIT_OK, _date, add_profile, emit, profile_for, profile_named, regimes_for


def register(sub, common) -> None:
    p = sub.add_parser(
        "pathway", parents=[common], help="the ladder to recognition: the province, then national; what fails, projections, the next calls"
    )
    add_profile(p)
    p.add_argument("--province", metavar="REGIME", help="the provincial regime (id), instead of matching the profile's province by name")
    p.add_argument("--as-of", type=_date, help="assessment date YYYY-MM-DD (default: the profile's, else today)")
    p.set_defaults(run=cmd_pathway)
    register_whatif(sub, common)


def cmd_pathway(args: argparse.Namespace) -> int:
    from ..api import pathway
    from ..documents import to_json
    from ..pathways.render import pathway_text

    regimes = regimes_for(args)
    profile = profile_for(args, regimes)
    with profile_named(args.profile):
        result = pathway(profile, regimes, args.as_of, args.province)
    emit(args, lambda: to_json(result), lambda: pathway_text(result, args.lang))
    return EXIT_OK


#: ``whatif --help``: what it does, reads and prints (README, "Margins, the pathway and what-if").
WHATIF = (
    "Re-evaluate a cluster profile with some values changed (--set PATH=VALUE, the value written as in a TOML "
    "profile) and print the changes (old → new), then per regime its result, whether it changes, and only the "
    "criteria whose status the changes flip, with their new margin and reason; the profile file is not changed. "
    "\nExample: clusterpolicy whatif examples/hainan-only.toml --set area_km2=120"
)


def register_whatif(sub, common) -> None:
    p = sub.add_parser("whatif", parents=[common], description=WHATIF, help="re-evaluate a profile with some values changed: only what the changes flip")
    add_profile(p)
    p.add_argument(
        "--set", dest="changes", action="append", default=[], required=True, metavar="PATH=VALUE",
        help="a profile path and its new value, as in the profile file (repeatable), e.g. years.2024.total_output=42",
    )  # fmt: skip
    p.add_argument("--regime", "-r", action="append", default=[], help="regime to include (repeatable; default: all)")
    p.add_argument("--as-of", type=_date, help="assessment date YYYY-MM-DD (default: the profile's, else today)")
    p.set_defaults(run=cmd_whatif)


def cmd_whatif(args: argparse.Namespace) -> int:
    from ..api import whatif
    from ..criteria.whatif import parse_set, whatif_text
    from ..documents import to_json

    regimes = regimes_for(args)
    selected = regimes.select(args.regime)
    changes = [parse_set(text) for text in args.changes]
    profile = profile_for(args, regimes)
    source = "<stdin>" if args.profile == "-" else args.profile
    with profile_named(args.profile):
        regimes.check_declarations(profile)
        result = whatif(profile, selected, changes, args.as_of, source=f"{source} with --set")
    emit(args, lambda: to_json(result), lambda: whatif_text(result, args.lang))
    return EXIT_OK
