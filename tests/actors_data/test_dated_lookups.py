"""Dated lookups across every region and 2000-2026, from all three layers of the knowledge base.

Each case is a public fact chosen for this test (who held which office on the day), not read
off the data: the role tables (2015-2026), the derived Phoenix layer (roles up to about
2014) and the reviewed YAML files all have to agree with it. The code is the CAMEO-style actor
code of the person on that date: country + GOV while in office, + ELI once out of it.
"""

from __future__ import annotations

import pytest

from parley.actors import load_kb

CASES = [
    # Africa
    ("Musalia Mudavadi", "2024-03-01", "KENGOV"),        # Kenya's foreign minister since October 2023
    ("William Ruto", "2019-06-01", "KENGOV"),            # deputy president 2013-2022
    ("William Ruto", "2023-06-01", "KENGOV"),            # president since 2022-09-13
    ("Abiy Ahmed", "2019-06-01", "ETHGOV"),              # Ethiopian prime minister since 2018
    ("Paul Kagame", "2005-01-01", "RWAGOV"),             # president of Rwanda since 2000
    ("Yahya Jammeh", "2018-01-01", "GMBELI"),            # left office in January 2017
    ("Muhammadu Buhari", "2016-05-01", "NGAGOV"),        # Nigerian president 2015-2023
    ("Robert Mugabe", "2010-06-01", "ZWEGOV"),           # president of Zimbabwe until 2017
    ("Kais Saied", "2023-01-01", "TUNGOV"),              # Tunisian president since 2019
    ("Ellen Johnson Sirleaf", "2012-01-01", "LBRGOV"),   # president of Liberia 2006-2018
    ("Olusegun Obasanjo", "2002-01-01", "NGAGOV"),       # president of Nigeria 1999-2007 (derived layer)
    # Americas
    ("Gustavo Petro", "2023-01-01", "COLGOV"),
    ("Nicolás Maduro", "2020-01-01", "VENGOV"),
    ("Pedro Castillo", "2024-01-01", "PERELI"),          # removed in December 2022
    ("Evo Morales", "2008-01-01", "BOLGOV"),
    ("Nayib Bukele", "2022-01-01", "SLVGOV"),
    ("Mia Mottley", "2020-01-01", "BRBGOV"),
    ("Ricardo Lagos Escobar", "2003-01-01", "CHLGOV"),   # president of Chile 2000-2006 (derived layer)
    ("Vicente Fox", "2001-06-01", "MEXGOV"),             # president of Mexico 2000-2006
    # Europe
    ("Margarita Robles", "2021-01-01", "ESPGOV"),        # Spanish defence minister since 2018
    ("Edi Rama", "2016-01-01", "ALBGOV"),
    ("Mette Frederiksen", "2020-05-01", "DNKGOV"),
    ("Alexander Van der Bellen", "2018-01-01", "AUTGOV"),
    ("Leo Varadkar", "2018-06-01", "IRLGOV"),
    ("Ben Wallace", "2021-03-01", "GBRGOV"),             # British defence secretary 2019-2023
    ("David Blunkett", "2004-06-01", "GBRGOV"),          # home secretary 2001-2004 (derived layer)
    ("Michael Howard", "2005-03-01", "GBROPP"),          # leader of the opposition 2003-2005
    # Middle East
    ("Haitham bin Tariq", "2021-01-01", "OMNGOV"),       # sultan of Oman since January 2020
    ("Mohammad Shtayyeh", "2020-01-01", "PSEGOV"),       # Palestinian prime minister 2019-2024
    ("Iyad Allawi", "2004-09-01", "IRQGOV"),             # interim prime minister of Iraq 2004-2005
    ("Hoshyar Zebari", "2003-12-01", "IRQGOV"),          # Iraqi foreign minister from 2003
    # Asia and the Pacific
    ("Abhisit Vejjajiva", "2010-05-01", "THAGOV"),       # Thai prime minister 2008-2011
    ("Hun Sen", "2012-01-01", "KHMGOV"),
    ("Sheikh Hasina", "2020-01-01", "BGDGOV"),
    ("Sheikh Hasina", "2025-01-01", "BGDELI"),           # ousted on 2024-08-05
    ("Rodrigo Duterte", "2019-01-01", "PHLGOV"),
    ("Jacinda Ardern", "2019-03-20", "NZLGOV"),
    ("Najib Razak", "2012-01-01", "MYSGOV"),
    ("Atal Bihari Vajpayee", "2000-06-01", "INDGOV"),    # Indian prime minister 1998-2004
    # Organisations and armed groups
    ("Hibatullah Akhundzada", "2019-01-01", "AFGINS"),   # the Taliban's leader, before they took Kabul
    ("Hibatullah Akhundzada", "2022-01-01", "AFGGOV"),   # and after 2021-08-15
    ("Ngozi Okonjo-Iweala", "2022-01-01", "IGOWTO"),     # WTO director-general since March 2021
    ("Kristalina Georgieva", "2021-01-01", "IGOIMF"),
    ("Brahim Ghali", "2020-01-01", "ESHREB"),            # Polisario Front's secretary-general since 2016
]


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize(("name", "date", "code"), CASES, ids=[f"{n}@{d}" for n, d, _ in CASES])
def test_dated_lookup(kb, name, date, code):
    found = kb.lookup(name, date)
    assert [r.code for r in found] == [code], [(r.code, r.kb_id, r.reason) for r in found]
    assert found[0].kind == "person"


def test_the_cases_span_every_region_and_the_years_2000_to_2026():
    years = {int(d[:4]) for _, d, _ in CASES}
    assert min(years) <= 2001 and max(years) >= 2025 and len(CASES) >= 40
    countries = {c[:3] for _, _, c in CASES}
    assert {"KEN", "COL", "ESP", "OMN", "THA", "AFG"} <= countries
