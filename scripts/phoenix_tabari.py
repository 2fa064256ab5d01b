"""Reading the Phoenix/PETRARCH2 dictionaries: TABARI entries, names, codes and dates.

Used by scripts/derive_phoenix.py (which says what is taken and why); nothing here knows the
knowledge base, except the name key and the agreed country and sector maps below.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from parley.actors.names import key

FILES = {"countries": "Phoenix.Countries.actors.txt", "international": "Phoenix.International.actors.txt",
         "groups": "Phoenix.MilNonState.actors.txt", "agents": "Phoenix.agents.txt"}
# Phoenix codes that are not ISO 3166 (or name states that no longer exist) -> parley's ids.
COUNTRY_MAP = {"KSV": "XKX", "TMP": "TLS", "SUN": "RUS", "USR": "RUS", "YUG": "SRB", "FRY": "SRB", "SCG": "SRB",
               "CSK": "CZE", "DDR": "DEU", "ROM": "ROU", "ZAR": "COD"}
SECTOR_MAP = {"UAF": "REB", "MUS": "REL", "CHR": "REL", "JEW": "REL", "HIN": "REL", "BUD": "REL", "CTH": "REL",
              "SHI": "REL", "SUN": "REL", "ORT": "REL", "PRO": "REL"}
PREFIXES = {"IGO": "igo", "NGO": "ngo", "MNC": "other"}
# Phoenix region and specialty chunks: never an organisation's own code.
REGIONS = set("WST EUR LAM ASA AFR SAS SEA MEA EAF WAF SAF NAF CAS CRB SAM NAM MOS ARB SCN BLK BAL NMR CAU "
              "CEU EEU SEU NEU WEU INT KKL AME CAF PGS BLK ASM PAC OCE".split())
SPECIALTIES = set("BUS DEV HLH LAB HRI REF JUD MED ENV KID COP LEG AGR EDU MIL GOV CVL SPY ELI OPP REB INS NGO "
                  "IGO MNC RAD MOD UAF PTY REL CRM SET".split())
# Words that make a name a title, not a person's name (with the hand-written office words).
TITLE_WORDS = set("mr mrs ms dr sir lord lady baroness baron dame sheikh shaikh mullah mawlawi maulana imam ayatollah "
                  "general gen lt col colonel major captain capt admiral marshal brigadier sergeant acting former ex "
                  "president premier minister ministers secretary chancellor king queen prince princess emir amir "
                  "sultan leader chairman chief spokesman spokeswoman ambassador envoy senator governor mayor speaker "
                  "justice judge commander deputy vice foreign defense defence interior finance soviet communist "
                  "party administration government regime cabinet ministry officials official rebels forces army "
                  "police committee council commission office agency department".split())
# Words that make a name an organisation's rather than a person's.
ORG_WORDS = set("organization organisation union council commission fund bank agency association institute institution "
                "foundation federation committee movement party front group league corporation company inc ltd plc co "
                "corp international national society center centre program programme office court tribunal assembly "
                "secretariat mission watch forum network alliance trust services service press news times post radio "
                "television tv airlines airways motors energy oil gas petroleum industries holdings systems technologies "
                "partners capital bureau ministry department authority board academy university college school "
                "hospital church brigade brigades army forces battalion militia council initiative project coalition "
                "conference community cooperation development relief aid rights campaign unit division resources "
                "management international communications group llc ag sa nv gmbh bhd limited".split())
SMALL = set("of the and for in on to de la le el al du des del da di bin ibn abu van von der den et y a an at by "
            "with from".split())
# Short English words that must never become acronyms of a derived name ("AN" would poison "an").
COMMON_WORDS = set("a an as at be by do go he if in is it me my no of on or so to up us we am the and for are but not "
                   "you all any can had her was one our out day get has him his how man new now old see two way who "
                   "boy did its let put say she too use car sad non eco war law end act aid air arm art bad bag bar "
                   "bed big bit box bus buy cut dog due ear eat egg era eye fan far few fit fly fun gas god gun guy hat "
                   "hit hot ice job key kid lab lay leg lie lot low map mix mom net nor odd oil own pay pen per pet pop "
                   "pro raw red rid row run sea set sex sit six sky son sum sun tax tea ten tie tip top toy try via "
                   "win yes yet zoo also area army away back base bank best body book both call care case city come "
                   "cost data deal does done door down each east easy else even face fact fail fall farm fast fear "
                   "feel fire firm five food form four free from full fund gain game gave give goal gold good half "
                   "hand hard have head hear help here high hold home hope hour huge idea iron item join just keep "
                   "kind king land last late lead left less life like line list live long look lord loss love made "
                   "main make many mark mass meet mind miss more most move much must name near need news next nice "
                   "none note once only open over page pain park part pass past peace plan play plus poll poor port "
                   "post pure race rain rate read real rest rich ride ring rise risk road rock role rule safe said "
                   "sale same save seat seek seem sell send ship shop show shut side sign site size some soon sort "
                   "star stay step stop such sure take talk task team tell term test than that them then they thin "
                   "this time told tour town tree true turn type unit upon used vote wait walk wall want ward warm "
                   "wave week well went were west what when whom wide wife will wind wish with word work year your "
                   "zero youth olive tigers falcon paradise lightning foundation organization avengers mavericks "
                   "cornerstone machete contras".split())
COMMON_SHORT = set("new air oil gas red aid art big one two bay sun sea war law age tea car bus pro our all arm key "
                   "web net box top sky fox gap toy far bio eco oak gold star blue hope life care inc ltd plc corp "
                   "llc".split())
CODE = re.compile(r"\[([^\]]*)\]")
CORPORATE = re.compile(r"^(.+?),?\s+(?:Inc\.?|Corp\.?|Corporation|Co\.?|Company|Ltd\.?|Limited|PLC|Plc|plc|Group|"
                       r"Holdings?|AG|SA|S\.A\.|NV|N\.V\.|GmbH|LLC|LP|Bhd|Berhad|SpA)$", re.I)
PAREN = re.compile(r"\(([^)]*)\)")


@dataclass
class Raw:
    """One dictionary entry: its names, bracketed codes and where it starts."""

    file: str
    line: int
    names: list[str]
    codes: list[str] = field(default_factory=list)
    comment: str = ""


def parse_tabari(path: Path) -> list[Raw]:
    """Entries of a TABARI actor file: a block of name lines (``+`` = synonym) and their codes."""
    out: list[Raw] = []
    cur: Raw | None = None
    for n, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        body, _, comment = raw.partition("#")
        if not body.strip():
            continue
        codes = CODE.findall(body)
        text = CODE.sub(" ", body).strip()
        if raw[:1] in " \t" and text == "":  # an indented code line
            if cur is not None:
                cur.codes += codes
            continue
        if text.startswith(("!", "<")):
            continue
        if text.startswith("+") or (cur is not None and not cur.codes and text):
            if cur is not None:  # a synonym, or another name of a block that has no codes yet
                name = text.lstrip("+").strip()
                if name:
                    cur.names.append(name)
                cur.codes += codes
            continue
        cur = Raw(path.name, n, [text], codes, comment.strip())
        out.append(cur)
    return out


# --------------------------------------------------------------------------- names


def recase(word: str, org: bool) -> str:
    """Title case for the dictionaries' capitals; in organisation names, words of two or three
    letters that are no English words stay capitals (UN, BBC, PKK)."""
    low = word.lower()
    letters = [c for c in word if c.isalpha()]
    if org and (1 < len(letters) <= 3 or not set(low) & set("aeiouy")) and low not in SMALL \
            and low not in COMMON_SHORT and len(letters) > 1:
        return word.upper()
    parts = re.split(r"([-'.])", low)
    out = "".join(p[:1].upper() + p[1:] if i % 2 == 0 and (len(p) > 1 or i == 0) else p
                  for i, p in enumerate(parts))
    if out.startswith("Mc") and len(out) > 2:
        out = "Mc" + out[2:3].upper() + out[3:]
    return out


def clean_name(raw: str, org: bool) -> tuple[str, list[str]]:
    """A dictionary name as parley writes it, and the acronyms in parentheses inside it."""
    acronyms = [a.strip("_ ").replace("_", " ") for a in PAREN.findall(raw)]
    text = PAREN.sub(" ", raw).replace("_", " ").replace("\t", " ")
    text = re.sub(r"\s+", " ", text).strip(" ,;:-'")
    words = text.split(" ")
    out = []
    for i, w in enumerate(words):
        cased = w.upper() if org and len(words) == 1 and len(w) <= 4 and w.isalpha() else recase(w, org)
        if i and w.lower() in SMALL:
            cased = w.lower()
        out.append(cased)
    acr = [a.upper() for a in acronyms if re.fullmatch(r"[A-Za-z.&-]{2,8}", a)]
    return " ".join(out), acr


def valid_name(name: str) -> bool:
    return bool(name) and not re.search(r"[\d$%@/\\\[\]{}|=<>]", name) and any(c.isalpha() for c in name)


def person_names(raw_names: list[str], title_words: set[str]) -> list[str]:
    """The entry's names usable for a person: two words or more, no title word in them.

    Leading titles and honorifics are cut ("MULLAH_MOHAMMAD_RABBANI" -> "Mohammad Rabbani");
    a title further in ("SECRETARY_BREZHNEV" after the names) leaves the name out.
    """
    out: list[str] = []
    for r in raw_names:
        name, _ = clean_name(r, org=False)
        words = name.split(" ")
        while words and key(words[0]).strip(".") in title_words:
            words = words[1:]
        name = " ".join(words)
        folded = key(name).split(" ")
        if len(folded) < 2 or not valid_name(name) or any(w.strip(".") in title_words for w in folded):
            continue
        if key(name) not in {key(x) for x in out}:
            out.append(name)
    return out


def looks_like_org(raw_names: list[str]) -> bool:
    for r in raw_names:
        name, acr = clean_name(r, org=True)
        words = key(name).split(" ")
        if acr or len(words) == 1 or len(words) > 5 or any(w in ORG_WORDS for w in words):
            return True
    return False


# --------------------------------------------------------------------------- codes and dates


def ymd(text: str) -> str | None:
    """A dictionary date: YYMMDD (00-29 -> 20xx) or YYYYMMDD, as ISO; None when it is no date."""
    if re.fullmatch(r"\d{6}", text):
        yy = int(text[:2])
        text = ("20" if yy < 30 else "19") + text
    if not re.fullmatch(r"\d{8}", text):
        return None
    try:
        return _dt.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
    except ValueError:
        return None


def next_day(iso: str) -> str:
    return (_dt.date.fromisoformat(iso) + _dt.timedelta(days=1)).isoformat()


@dataclass
class Code:
    """One bracketed code: the actor code and its dates (ISO, end exclusive; None = open)."""

    code: str
    start: str | None
    end: str | None
    bad: bool = False


def parse_code(text: str) -> Code | None:
    parts = text.split()
    if not parts or parts[0].startswith("-") or parts[0].startswith("~"):
        return None
    code, start, end, bad = parts[0].upper(), None, None, False
    span = "".join(parts[1:])
    if span.startswith(">"):
        start = ymd(span[1:])
        bad = start is None
    elif span.startswith("<"):
        end = ymd(span[1:])
        bad = end is None
    elif "-" in span:
        a, _, b = span.partition("-")
        start, end = ymd(a), ymd(b)
        bad = start is None or end is None
        end = next_day(end) if end else None
    elif span:
        bad = True
    return Code(code, start, end, bad)


def chunks(code: str) -> list[str]:
    return [code[i:i + 3] for i in range(0, len(code), 3)]
