"""The demo's sample plan: a fictional country's NAP (the data in `ardenia/`), written by
`make_sample.py` into `nap-sample.xlsx` and loaded by `tipmonitor load-demo`, with its reporting
history (`history.py`, put on a calendar by `timeline.py`) and fictional case records."""

from pathlib import Path

SAMPLE_WORKBOOK = Path(__file__).resolve().with_name("nap-sample.xlsx")
# Fictional case records, one CSV per agency (named by its code), in the import's columns.
SAMPLE_CASES = Path(__file__).resolve().with_name("cases")
