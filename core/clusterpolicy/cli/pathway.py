"""``clusterpolicy pathway`` and ``clusterpolicy whatif``: the road to recognition, and what changes flip."""

from __future__ import annotations

import argparse

from .app import EXIT_OK, _date, emit, profile_named, regimes_for


def register(sub, common) -> None:
    p = sub.add_parser(
        "pathway", parents=[common], help="the ladder to recognition: the province, then national; what fails, projections, the next calls"
    )
    p.add_argument("profile", help="profile file (.toml or .json; - reads standard input)")
    p.add_argument("--province", metavar="REGIME", help="the provincial regime (id), instead of matching the profile's province by name")
    p.add_argument("--as-of", type=_date, help="assessment date YYYY-MM-DD (default: the profile's, else today)")
    p.set_defaults(run=cmd_pathway)


def cmd_pathway(args: argparse.Namespace) -> int:
    from ..api import load_profile, pathway
    from ..documents import to_json
    from ..pathway.render import pathway_text

    regimes = regimes_for(args)
    profile = load_profile(args.profile)
    with profile_named(args.profile):
        result = pathway(profile, regimes, args.as_of, args.province)
    emit(args, lambda: to_json(result), lambda: pathway_text(result, args.lang))
    return EXIT_OK
