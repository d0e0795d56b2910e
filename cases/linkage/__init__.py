"""Record linkage of case records across agencies (docs/cases.md, "Linkage").

- model.py: what is compared and how the Fellegi–Sunter model is trained without labels;
- engine.py: running it on DuckDB or Spark, giving scored pairs;
- clustering.py: persons from the pairs, honouring the data officer's decisions;
- services.py: a linkage run and a decision, written to the database;
- scoring.py: scoring only some records' pairs with the model a full run saved;
- incremental.py: linking the records without a person against the persons there are;
- decisions.py: a decision applied to the persons at once;
- selectors.py: the review queue and the export of persons, with their permission getter.
"""
