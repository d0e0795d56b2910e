"""The coordinator's pivot of indicator values, and the published figures for everyone else
(docs/progress.md, "Analysis and downloads"): `compute` (pure), `selectors` (who reads what),
`forms` (the choice in the URL), `output` (table and chart), `views`."""
