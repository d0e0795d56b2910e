"""The published capture tables of tests/lib/test_mse_published.py, copied as Python literals.

Copied from ../shared/reference/mse/*.csv (see its README.md), which took them from the R package
MultipleSystemsEstimation by Bernard Silverman (GPL >= 2), its `data/` folder and dataset
documentation: UKdat and UKdat_5 (potential victims of modern slavery in the UK, 2013; National
Crime Agency strategic assessment, the Home Office's 2014 estimate), Western (victims of sex
trafficking at a US "Western" site; Farrell et al. 2019, NIJ report 252520) and Artificial_3
(Chan, Silverman & Vincent 2021, table 2). Each maps a capture history (1 = on that list) to its
number of persons; histories not written have none.
"""

from tipmonitor.lib.mse import CaptureTable

# UKdat.csv
UKDAT = CaptureTable(
    ("LA", "NG", "PF", "GO", "GP", "NCA"),
    {
        (1, 0, 0, 0, 0, 0): 54,
        (0, 1, 0, 0, 0, 0): 463,
        (0, 0, 1, 0, 0, 0): 907,
        (0, 0, 0, 1, 0, 0): 695,
        (0, 0, 0, 0, 1, 0): 316,
        (0, 0, 0, 0, 0, 1): 57,
        (1, 1, 0, 0, 0, 0): 15,
        (1, 0, 1, 0, 0, 0): 19,
        (1, 0, 0, 1, 0, 0): 3,
        (0, 1, 1, 0, 0, 0): 56,
        (0, 1, 0, 1, 0, 0): 19,
        (0, 1, 0, 0, 1, 0): 1,
        (0, 1, 0, 0, 0, 1): 3,
        (0, 0, 1, 1, 0, 0): 69,
        (0, 0, 1, 0, 1, 0): 10,
        (0, 0, 1, 0, 0, 1): 31,
        (0, 0, 0, 1, 1, 0): 8,
        (0, 0, 0, 1, 0, 1): 6,
        (0, 0, 0, 0, 1, 1): 1,
        (1, 1, 1, 0, 0, 0): 1,
        (1, 1, 0, 1, 0, 0): 1,
        (0, 1, 1, 1, 0, 0): 4,
        (0, 1, 1, 0, 0, 1): 3,
        (0, 0, 1, 1, 0, 1): 1,
        (1, 1, 1, 1, 0, 0): 1,
    },
)

# UKdat_5.csv
UKDAT_5 = CaptureTable(
    ("LA", "NG", "PFNCA", "GO", "GP"),
    {
        (1, 0, 0, 0, 0): 54,
        (0, 1, 0, 0, 0): 463,
        (0, 0, 1, 0, 0): 995,
        (0, 0, 0, 1, 0): 695,
        (0, 0, 0, 0, 1): 316,
        (1, 1, 0, 0, 0): 15,
        (1, 0, 1, 0, 0): 19,
        (1, 0, 0, 1, 0): 3,
        (0, 1, 1, 0, 0): 62,
        (0, 1, 0, 1, 0): 19,
        (0, 1, 0, 0, 1): 1,
        (0, 0, 1, 1, 0): 76,
        (0, 0, 1, 0, 1): 11,
        (0, 0, 0, 1, 1): 8,
        (1, 1, 1, 0, 0): 1,
        (1, 1, 0, 1, 0): 1,
        (0, 1, 1, 1, 0): 4,
        (1, 1, 1, 1, 0): 1,
    },
)

# Western.csv
WESTERN = CaptureTable(
    ("A", "B", "C", "D", "E"),
    {
        (1, 0, 0, 0, 0): 52,
        (0, 1, 0, 0, 0): 90,
        (0, 0, 1, 0, 0): 114,
        (0, 0, 0, 1, 0): 45,
        (0, 0, 0, 0, 1): 21,
        (1, 0, 1, 0, 0): 4,
        (1, 0, 0, 1, 0): 2,
        (1, 0, 0, 0, 1): 5,
        (0, 1, 1, 0, 0): 6,
        (0, 1, 0, 1, 0): 1,
        (0, 0, 0, 1, 1): 3,
        (1, 0, 1, 0, 1): 1,
        (0, 1, 1, 1, 0): 1,
    },
)

# Artificial_3.csv
ARTIFICIAL_3 = CaptureTable(
    ("A", "B", "C"),
    {
        (1, 0, 0): 40,
        (0, 1, 0): 30,
        (0, 0, 1): 20,
        (1, 1, 0): 6,
    },
)
