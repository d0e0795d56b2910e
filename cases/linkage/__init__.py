"""Record linkage of case records across agencies (docs/cases.md, "Linkage").

- model.py: what is compared and how the Fellegi–Sunter model is trained without labels;
- engine.py: running it on DuckDB or Spark, giving scored pairs;
- clustering.py: persons from the pairs, honouring the data officer's decisions;
- services.py: a linkage run and a decision, written to the database;
- selectors.py: the review queue and the export of persons, with their permission getter.
"""
