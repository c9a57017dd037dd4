"""What a check reads and what it finds: the profile at an assessment date (:class:`Context`, with
the window of 近三年) and the :class:`Outcome` of one check, before the criterion's soft flag and
waiver apply."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from ..model import Note
from .profile import Profile
from .results import Finding, Margin, Measure, Status


#: The codes of the remarks an outcome may carry for the authority: an assessment lists each among its
#: notes as ``rule: text``, and a batch output names it per row (``<regime>:notes``).
REMARKS = frozenset({"growth_readings_differ", "incident_in_running_year", "incident_after_assessment"})


class Outcome(NamedTuple):
    """What a check found, before the criterion's soft flag and waiver are applied (a named tuple:
    one per criterion per evaluation, built cheaply)."""

    status: Status
    zh: str
    en: str
    measured: tuple[Measure, ...] = ()
    shortfall: Decimal | None = None
    missing: tuple[str, ...] = ()
    parts: tuple[Finding, ...] = ()
    margin: Margin | None = None
    #: remarks for the assessment's notes (e.g. the two growth readings decide differently)
    remarks: tuple[Note, ...] = ()
    #: made once, when the check is compiled, and returned for every profile it fits (its finding
    #: is made once too: :mod:`clusterpolicy.criteria.evaluate`)
    fixed: bool = False


_tuple_new = tuple.__new__


def new_outcome(status: Status, zh: str, en: str, measured: tuple[Measure, ...] = (), shortfall: Decimal | None = None,
                missing: tuple[str, ...] = (), parts: tuple[Finding, ...] = (), margin: Any = None, remarks: tuple[Note, ...] = ()) -> Outcome:  # fmt: skip
    """``Outcome(…)`` of a check run (not fixed), made without the named tuple's ``__new__``: calling
    the class reaches that Python function through C, in a frame of its own (dearer than this call)."""
    return _tuple_new(Outcome, (status, zh, en, measured, shortfall, missing, parts, margin, remarks, False))


def completed(year: int, as_of: date) -> bool:
    """Whether calendar year ``year`` ended before ``as_of``: 近三年 reads completed years only
    (the column engine, :mod:`clusterpolicy.criteria.columns`, applies the same test)."""
    return year < as_of.year


class Context:
    """One profile at one assessment date, with the window of years the rules read."""

    __slots__ = ("profile", "as_of", "anchor", "left_out", "derived")

    def __init__(self, profile: Profile, as_of: date):
        self.profile = profile
        self.as_of = as_of
        #: the latest year of the window: the year before as_of (近三年 = the last three completed
        #: calendar years, whatever years the profile gives: RULES.md, "Reading the numbers")
        self.anchor = as_of.year - 1
        #: years the profile gives that had not ended on as_of (never one of 近三年)
        self.left_out = tuple(sorted(y for y in profile.years if not completed(y, as_of)))
        #: what checks work out from the profile alone, whatever their threshold (a sum, a share's
        #: terms, a growth rate), by what they read: worked out once for every regime evaluated in
        #: this context (:func:`clusterpolicy.criteria.evaluate.evaluate_together`)
        self.derived: dict[tuple, Any] = {}

    def once(self, key: tuple, derive: Callable[[Context], Any]) -> Any:
        """``derive(self)``, worked out the first time ``key`` is asked for in this context."""
        found = self.derived.get(key)
        if found is None:
            found = self.derived[key] = derive(self)
        return found

    def window(self, n: int) -> range:
        return range(self.anchor - n + 1, self.anchor + 1)


Evaluator = Callable[[Context], Outcome]


def missing_input(paths: Sequence[str]) -> Outcome:
    """The outcome of a check that lacks inputs: ``unknown``, naming the paths."""
    listed = ", ".join(paths)
    return new_outcome(Status.UNKNOWN, zh=f"缺少输入:{listed}", en=f"missing input: {listed}", missing=tuple(paths))


def incident_window(as_of: date, years: int) -> tuple[date, date]:
    """The days of 近三年 for the negative list: 1 January of the first to 31 December of the last of
    the ``years`` completed calendar years before ``as_of`` (the same years as the figures')."""
    return date(as_of.year - years, 1, 1), date(as_of.year - 1, 12, 31)
