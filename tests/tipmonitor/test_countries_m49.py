"""The UN M49 regions written out in tipmonitor/lib/countries.py cover every country."""

import pycountry

from tipmonitor.lib.countries import M49_REGIONS, m49_region


def test_it_puts_every_country_but_antarctica_in_exactly_one_region():
    codes = [code for region in M49_REGIONS.values() for code in region]
    assert len(codes) == len(set(codes))
    assert set(codes) == {country.alpha_3 for country in pycountry.countries} - {"ATA"}


def test_it_reads_a_region_in_any_case():
    assert (m49_region("arm"), m49_region("BRA"), m49_region("ATA")) == ("asia", "americas", None)
