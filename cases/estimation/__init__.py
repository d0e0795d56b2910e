"""Multiple systems estimation of the victims no agency found (issue 13): from the linked case
records of a year, each person's capture history across the lists the coordinator chooses (an
agency, or agencies grouped), and from the overlaps of the lists an estimate of how many
victims no list holds (tipmonitor.lib.mse: Poisson log-linear models, model choice by BIC or
stepwise, a bootstrap interval).

- histories.py: the lists (`ListSpec`, `parse_list_spec`, `validate_lists`) and the capture
  histories of a year (`capture_table`);
- rules.py: what may be shown to whom — `protected_overlaps` (disclosure control of the
  overlaps), `publication_round`, `per_100k`, the assumptions and caveats (`CAVEATS`), the
  figures as every way out shows them (`figures`);
- services.py: request (the coordinator), run (the worker's job), publish and unpublish;
- selectors.py: who reads which estimates, audited (`estimates_for_user`,
  `get_estimate_for_user`, `published_estimate_for_year`, `estimate_figures`).
"""
