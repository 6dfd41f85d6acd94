"""Scoring a review with a rubric held as data (`seed`, `training-value`, or a user's TOML file).

    >>> from iacreview.score import load_rubric, score, ScoreFacts, FailureFact
    >>> facts = ScoreFacts(failures=[FailureFact("medium", "formatting", "fmt")])
    >>> score(load_rubric("seed"), facts).final
    7
"""

from iacreview.score.compute import ScoreResult, score
from iacreview.score.facts import FailureFact, FixFact, ScoreFacts
from iacreview.score.rubric import Rubric, RubricError, load_rubric

__all__ = ["FailureFact", "FixFact", "Rubric", "RubricError", "ScoreFacts", "ScoreResult", "load_rubric", "score"]
