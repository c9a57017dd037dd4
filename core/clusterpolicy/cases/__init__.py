"""The typical-cases family: case categories and collection calls (典型案例征集), and submissions to them.

``kinds`` categories, sub-topics and calls · ``submission`` a submission (input) · ``casework``
checking a submission, suggesting categories, the summary table · ``pii`` personal information.
"""

from .kinds import (
    AuthorityLevel,
    CallRoute,
    CallScope,
    CaseCall,
    CaseCategory,
    ContentCheck,
    ContentRule,
    Deadline,
    DocumentKind,
    PracticeCall,
    Recognition,
    RequiredDocument,
    SubmissionKind,
    SubTopic,
)

__all__ = [
    "AuthorityLevel", "CallRoute", "CallScope", "CaseCall", "CaseCategory", "ContentCheck", "ContentRule", "Deadline",
    "DocumentKind", "PracticeCall", "Recognition", "RequiredDocument", "SubmissionKind", "SubTopic",
]  # fmt: skip
