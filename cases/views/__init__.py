"""The case pages, by responsibility: records.py (the records, one record, the upload, the
audit), stats.py (victims in figures), case_queries.py (indicators counted from case records),
review.py (the linkage review queue). Routed by cases/urls/."""
