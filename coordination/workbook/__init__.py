"""The recommendations workbook: a plan's recommendations as one `.xlsx` sheet, exported and
imported back (docs/workbook.md, "The recommendations workbook").

Built on the plan workbook's machinery (plans/workbook/): the same reader (streamed, hostile
files refused), the same cell readers and the same errors by sheet, row and column, so both
workbooks behave alike. `schema` names the sheet and its columns, `validate` turns rows into
checked drafts (every error collected; the field rules are those of
coordination.services.recommendations), `writer` exports, `services` is the entry point:
`recommendations_import` and `recommendations_export`.
"""
