"""Case statistics (docs/disclosure.md): persons counted from the case records and what of them
may leave the coordinator.

- dimensions.py: a person's facts, the dimensions they are counted by, their labels;
- persons.py: the persons with their facts, read from the records (two queries);
- counting.py: counts by any dimensions (the coordinator's free-form statistics) and the cells
  as they are output;
- published.py: the fixed family of tables published per year to viewers and the public,
  protected jointly;
- anonymised.py: the k-anonymised export of persons;
- selectors.py: who may read statistics and bind indicators to case queries;
- services.py: the audit of statistics, case queries and their sync into indicator values.
"""

from cases.stats.anonymised import QUASI_IDENTIFIERS, AnonymisedExport, anonymised_persons
from cases.stats.counting import (
    OutputCell,
    StatsQuery,
    StatsTable,
    notes,
    output_cells,
    person_counts,
    selects,
)
from cases.stats.dimensions import (
    DEFAULT_STATUSES,
    DIMENSIONS,
    EXPLOITATION_CODES,
    STANDARD_TABLES,
    UNKNOWN,
    PersonFacts,
    category_label,
    citizenship_group,
    dimension_label,
    home_country,
)
from cases.stats.persons import persons

__all__ = [
    "DEFAULT_STATUSES",
    "DIMENSIONS",
    "EXPLOITATION_CODES",
    "QUASI_IDENTIFIERS",
    "STANDARD_TABLES",
    "UNKNOWN",
    "AnonymisedExport",
    "OutputCell",
    "PersonFacts",
    "StatsQuery",
    "StatsTable",
    "anonymised_persons",
    "category_label",
    "citizenship_group",
    "dimension_label",
    "home_country",
    "notes",
    "output_cells",
    "person_counts",
    "persons",
    "selects",
]
