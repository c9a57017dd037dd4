"""A typical-case submission (典型案例报送): what a clerk writes, checked by ``clusterpolicy cases check``.

TOML for people, JSON for machines; ``clusterpolicy schema submission`` prints the JSON Schema.
Example (``examples/case-national.toml``)::

    call = "cases-2024"                      # optional when the regime has one call
    kind = "case"                            # or "practice" (典型做法)
    category = "innovation"                  # a category id: clusterpolicy cases categories
    subtopics = ["industry_academia"]        # optional; unlisted ones are allowed (包括但不限于)
    title = "…"
    text_file = "case-text-innovation.md"    # relative to this file; or text = "…" inline
    date = 2024-06-28                        # the day it is sent (checked against the deadline)

    [cluster]
    name = "…"
    recognition = "national"                 # national | provincial | none
    province = "…"                           # optional, as city and county

    [submitter]
    name = "…"
    level = "provincial"                     # provincial | separately_planned_city | xpcc | city | county

    [[documents]]
    kind = "cultivation_measures"            # summary_table | case_text | cultivation_measures
    level = "provincial"
    title = "…"
    file = "…"                               # optional; checked to exist

    [attestations]                           # the submitter's confirmations, by content-rule id
    truthful = true

Nothing is defaulted: a missing date or confirmation is reported as unconfirmed, never assumed.
"""

from __future__ import annotations

from datetime import date as Date
from pathlib import Path
from typing import Any


from ..errors import InputError
from ..model import doc, exactly_one, frozen, non_empty, required_when
from .kinds import AuthorityLevel, DocumentKind, Recognition, SubmissionKind


@frozen(kw_only=True)
class ClusterRef:
    """The cluster a case is about."""

    name: str = doc("Cluster name (集群名称).", validator=non_empty)
    recognition: Recognition = doc("Recognised as: national, provincial or none.")
    province: str | None = doc("Province-level division.", default=None)
    city: str | None = doc("City (地级市).", default=None)
    county: str | None = doc("County-level division (县级区划).", default=None)

    def place(self) -> str:
        return "".join(p for p in (self.province, self.city, self.county) if p)


@frozen(kw_only=True)
class Submitter:
    """The authority that sends the submission."""

    name: str = doc("Name, e.g. 合肥市经济和信息化局.", validator=non_empty)
    level: AuthorityLevel = doc("provincial, separately_planned_city, xpcc, city or county.")


@frozen(kw_only=True)
class AttachedDocument:
    """A document sent with the submission."""

    kind: DocumentKind = doc("summary_table, case_text or cultivation_measures.")
    title: str = doc("Its title, e.g. 合肥市中小企业特色产业集群培育举措.", validator=non_empty)
    level: AuthorityLevel | None = doc("For cultivation measures: whose (provincial or city).", default=None)
    file: str | None = doc("Path relative to the submission file; checked to exist when given.", default=None)


@frozen(kw_only=True)
class Submission:
    """One typical case (or typical practice) as submitted under a collection call."""

    call: str | None = doc("Id of the call (see `clusterpolicy cases calls`); optional when the regime has one.", default=None)
    kind: SubmissionKind = doc("case (典型案例) or practice (典型做法).", default=SubmissionKind.CASE)
    cluster: ClusterRef | None = doc(
        "The cluster the case is about (required for a case).",
        default=None,
        validator=required_when("cluster", "kind", SubmissionKind.CASE, default=SubmissionKind.CASE),
    )
    submitter: Submitter = doc("Who sends it.")
    category: str | None = doc("Category id, e.g. innovation (required for a case).", default=None)
    subtopics: tuple[str, ...] = doc("Sub-topic ids within the category (optional; unlisted topics are admissible).", default=())
    title: str = doc("Title of the case (案例名称).", validator=non_empty)
    text: str | None = doc(
        "The case text, inline (give exactly one of text and text_file).",
        default=None,
        validator=[exactly_one("text", "text_file", message="give exactly one of text (inline) or text_file (a path)"), non_empty],
    )
    text_file: str | None = doc("The case text in a UTF-8 file, relative to the submission file.", default=None)
    date: Date | None = doc("Date it is sent (报送日期); compared with the deadline.", default=None)
    documents: tuple[AttachedDocument, ...] = doc("Documents sent with it.", default=())
    attestations: dict[str, bool] = doc("The submitter's confirmations by content-rule id, e.g. truthful = true.", factory=dict)


# --- reading ----------------------------------------------------------------------------------


def load_submission(path: str | Path) -> Submission:
    """Read a submission from a TOML or JSON file (``-`` reads standard input).

    Raises :class:`~clusterpolicy.errors.InputError` naming the file and each field path at fault.
    """
    from ..convert import read_document
    from ..files import note_input

    submission = submission_from_dict(read_document(path), source=str(path))
    base = Path(".") if str(path) == "-" else Path(path).parent
    for named in (submission.text_file, *(d.file for d in submission.documents)):
        if named is not None:
            note_input(base / named)  # part of the input: no output of this run may replace it
    return submission


def submission_from_dict(data: dict[str, Any], source: str = "<dict>") -> Submission:
    """Structure already-parsed data into a :class:`Submission` (same checks as files)."""
    from ..convert import structure

    return structure(data, Submission, source)


def submission_text(submission: Submission, base_dir: str | Path | None = None, source: str = "<dict>") -> tuple[str, str]:
    """The case text and where it came from (``$.text`` or the file named by ``text_file``)."""
    if submission.text is not None:
        return submission.text, "$.text"
    from ..reading import read_text

    path = Path(base_dir or ".") / submission.text_file  # type: ignore[operator]
    try:
        text = read_text(path, str(path))
    except InputError as exc:
        problem = exc.problems[0]
        raise InputError(source, [f"$.text_file: {problem}: {path}" if problem == "file not found" else f"$.text_file: {path}: {problem}"]) from None
    if not text.strip():
        raise InputError(source, [f"$.text_file: {path} is empty"])
    return text, str(path)
