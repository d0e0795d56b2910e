"""Multiple systems estimation: how many persons no list holds, from how lists overlap.

Pure (numpy, scipy, statsmodels; no Django, no domain). Follows the R package
MultipleSystemsEstimation by Bernard Silverman (formerly SparseMSE by Chan, Silverman and
Vincent); docs/estimation.md, "How the estimate is computed", says how and cites the papers.

    table = CaptureTable.from_csv(text)
    result = estimate_population(table, method="auto", bootstrap=1000, seed=1)
    result.estimate, result.ci_low, result.ci_high, result.model, result.to_dict()
"""

from .estimate import Alternative, Estimate, estimate_population
from .existence import Reason
from .table import CaptureTable, TableError

__all__ = [
    "Alternative",
    "CaptureTable",
    "Estimate",
    "Reason",
    "TableError",
    "estimate_population",
]
