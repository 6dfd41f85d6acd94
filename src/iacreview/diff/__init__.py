"""Model answer against ideal answer: differences by meaning, each classified as an A/B/C fix."""

from iacreview.diff.classify import ClassifiedFix, classify, one_a_per_added_service
from iacreview.diff.compare import MISSING, AttrChange, Change, diff_configurations

__all__ = ["MISSING", "AttrChange", "Change", "ClassifiedFix", "classify", "diff_configurations",
           "one_a_per_added_service"]
