"""Loading the knowledge base: built-in data + user files, validated, compiled and cached.

The compiled :class:`~parley.actors.index.Index` is pickled under ``~/.cache/parley`` (or
the system temp dir when home is not writable) with a name made of the hash of every data
file, every user file and the compiling code, so a cache can never be stale; a second
process loads it with one ``pickle.load``. Without a writable cache everything still
works, just slower.
"""

from __future__ import annotations

import datetime as _dt
import gc
import hashlib
import os
import pickle
import re
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from parley.actors import entities as E
from parley.actors.coref import DocumentContext
from parley.actors.fuzzy import Speller, fuzzy_lookup
from parley.actors.index import Index, compile_index
from parley.actors.mentions import scan
from parley.actors.model import Mention, Resolution, ResolutionContext
from parley.actors.names import key
from parley.actors.resolve import Resolver
from parley.actors.schema import KBFile, check_references, load_file, prune_dangling
from parley.errors import KnowledgeBaseError, UsageError

DATA_DIR = Path(__file__).resolve().parent / "data"
KB_RELEASE = "2026.11"  # bumped when the built-in data is reviewed and released
CACHE_FORMAT = 13  # bump when the pickled Index changes shape
_CODE_FILES = ("index.py", "schema.py", "names.py", "tables.py")
_MEMO: dict[str, KnowledgeBase] = {}


_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def iso_date(date: str | _dt.date | None) -> str | None:
    """The day a resolution is made for, as YYYY-MM-DD.

    Accepts ISO dates and datetimes, compact 20210818 and date objects; a partial date
    without a year ("--07-16") is treated as no date. Anything else is a usage error.

    >>> iso_date("20210818"), iso_date("2021-08-18T10:00:00Z")
    ('2021-08-18', '2021-08-18')
    """
    if date is None or date == "":
        return None
    if isinstance(date, _dt.date):
        return date.isoformat()[:10]
    text = str(date).strip()
    if text.startswith("--"):
        return None
    m = _COMPACT.match(text) or _ISO.match(text)
    if m:
        try:
            return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            pass
    raise UsageError(f"date {date!r} is not a YYYY-MM-DD date")


def builtin_files() -> list[Path]:
    """The built-in data files in a fixed order (kinds that others refer to come first):
    the reviewed YAML files, the hand-written role tables, then the derived layers."""
    order = {"countries": 0, "sectors": 1, "organisations": 2, "groups": 3, "formats": 4}
    files = sorted(DATA_DIR.glob("*.yaml"))
    return (sorted(files, key=lambda p: (order.get(p.stem, 5), p.name)) + sorted(DATA_DIR.glob("roles/*.roles"))
            + sorted(DATA_DIR.glob("derived/*.tsv")))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise KnowledgeBaseError(f"{path}: no such actors file") from None
    except OSError as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the actors file ({exc.strerror})") from None


def _digest(contents: Iterable[tuple[str, bytes]]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for name, data in contents:
        h.update(name.encode() + b"\0" + data + b"\0")
    return h.hexdigest()


class KnowledgeBase:
    """The loaded, compiled knowledge base; every method is a pure lookup at a date."""

    def __init__(self, idx: Index):
        self.idx = idx
        self.resolver = Resolver(idx)
        self._speller: Speller | None = None

    @property
    def version(self) -> str:
        """Stored with every event: changes whenever any data or user file changes."""
        return self.idx.version

    def stats(self) -> dict[str, int]:
        i = self.idx
        return {"countries": len(i.countries), "persons": len(i.persons), "organisations": len(i.organisations),
                "groups": len(i.groups), "formats": len(i.formats), "sectors": len(i.sectors), "names": len(i.names)}

    def resolve_span(self, text: str, date: str | None = None, context: ResolutionContext | None = None,
                     *, expand: bool = False) -> list[Resolution]:
        """Actors a parsed noun phrase refers to on ``date`` ([] when unknown).

        >>> kb.resolve_span("the Russian foreign minister", "2021-08-18")[0].code
        'RUSGOV'
        """
        return self.resolver.resolve(text, iso_date(date), context, expand=expand)

    def lookup(self, name: str, date: str | None = None) -> list[Resolution]:
        """What `parley actors lookup` shows: span resolution, then bare surnames, then one corrected typo.

        >>> kb.lookup("Lavorv", "2021-08-18")[0].reason
        "typo of 'lavrov' (1 edit); surname; foreign minister of RUS"
        """
        date = iso_date(date)
        found = self.resolver.resolve(name, date)
        if found:
            return found
        pids = self.idx.surnames.get(key(name), [])
        if pids:
            return [E.person(self.idx, pid, date, 0.8, "surname") for pid in pids]
        if self._speller is None:
            self._speller = Speller(self.idx)
        return fuzzy_lookup(self._speller, name, lambda corrected: self.resolver.resolve(corrected, date))

    def scan(self, text: str, date: str | None = None) -> list[Mention]:
        """Every actor mention in ``text`` (longest match on word boundaries)."""
        return scan(self.idx, self.resolver, text, iso_date(date))

    def document_context(self, doc_text: str, date: str | None = None) -> DocumentContext:
        """The people an article names, for later surnames, titles and pronouns.

        ``.mentions`` holds the article's scan, so callers need not scan it twice.
        """
        date = iso_date(date)
        doc = DocumentContext(self.idx, date)
        doc.mentions = scan(self.idx, self.resolver, doc_text, date, doc)
        return doc

    def members(self, code_or_id: str, date: str | None = None) -> list[str]:
        """Member country codes of a format, collective or organisation on the date."""
        date = iso_date(date)
        found = self.idx.code_owner(code_or_id)
        if found is None:
            return []
        etype, entry = found
        if etype == "format":
            return E.format_members(self.idx, entry["id"], date)
        if etype == "organisation":
            return E.org_members(self.idx, entry["id"], date)
        if etype == "group":
            g = E.group(self.idx, entry["id"], date, 1.0, "")
            return [g.country] if g.country else []
        return [entry["id"]]


def load_files(paths: Iterable[str | Path], user: Iterable[str | Path] = (), *, strict: bool = True) -> list[KBFile]:
    """Validate built-in and user files and their cross references; raise a located error.

    With ``strict=False`` a broken *built-in* file is skipped and its dangling references are
    dropped, each with a warning (user files are always strict): a half-written data file in
    a working tree must not stop the whole pipeline. Tests and `parley actors check` are strict.
    """
    builtin: list[KBFile] = []
    for p in paths:
        try:
            builtin.append(load_file(p, lazy=not strict))
        except KnowledgeBaseError as exc:
            if strict:
                raise
            warnings.warn(f"skipping built-in actors file: {exc}", stacklevel=3)
    users = [load_file(p) for p in user]
    for f in users:
        f.layer = "user" if f.layer == "hand" else f.layer
    files = builtin + users
    check_references(files, only={f.path for f in users})
    try:
        check_references(files, only={f.path for f in builtin})
    except KnowledgeBaseError as exc:
        if strict:
            raise
        dropped = prune_dangling(builtin, files)
        warnings.warn(f"built-in actors data: {exc}; dropped {dropped} dangling role(s)/membership(s)", stacklevel=3)
    return files


def check_user_file(path: str | Path) -> KBFile:
    """Validate one user file against the built-in knowledge base (what `parley actors check` runs)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # problems of the built-in data are not the user's
        return load_files(builtin_files(), [path], strict=False)[-1]


def load_kb(user_files: Iterable[str | Path] = (), *, cache: bool = True) -> KnowledgeBase:
    """The knowledge base with ``user_files`` merged over the built-in data (same id = override).

    ``cache=False`` compiles from the YAML files, bypassing the in-process and on-disk caches.

    >>> load_kb().version
    'kb-2026.11-…'
    """
    builtin = builtin_files()
    user = [Path(u) for u in user_files]
    contents = [(p.name, _read(p)) for p in builtin] + [(f"user:{p}", _read(p)) for p in user]
    data_hash = _digest(contents)
    code = _digest((n, (Path(__file__).parent / n).read_bytes()) for n in _CODE_FILES)
    cache_key = _digest([("data", data_hash.encode()), ("code", code.encode()), ("fmt", str(CACHE_FORMAT).encode())])
    if cache and cache_key in _MEMO:
        return _MEMO[cache_key]
    idx = _read_cache(cache_key) if cache else None
    if idx is None:
        with _no_gc():  # a few hundred thousand new objects, none of them garbage
            files = load_files(builtin, user, strict=False)
            idx = compile_index(files, f"kb-{KB_RELEASE}-{data_hash[:8]}")
        if cache:
            _write_cache(cache_key, idx)
    kb = KnowledgeBase(idx)
    if cache:
        _MEMO[cache_key] = kb
    return kb


def cache_dirs() -> list[Path]:
    return [Path.home() / ".cache" / "parley", Path(tempfile.gettempdir()) / f"parley-cache-{os.getuid()}"]


def _private(d: Path) -> bool:
    """Only read pickles from a folder this user owns and nobody else can write to."""
    try:
        st = d.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _read_cache(cache_key: str) -> Index | None:
    for d in cache_dirs():
        path = d / f"kb-{cache_key}.pickle"
        if not path.is_file() or not _private(d):
            continue
        try:
            with open(path, "rb") as fh, _no_gc():
                idx = pickle.load(fh)
            if isinstance(idx, Index):
                return idx
        except Exception:  # noqa: BLE001 - any broken cache file just means: compile again
            continue
    return None


@contextmanager
def _no_gc() -> Iterator[None]:
    """Compiling or unpickling builds some 10^5 objects: the cyclic collector would walk them again
    and again while they are made (none is garbage), so it waits until they are all there."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _write_cache(cache_key: str, idx: Index) -> None:
    for d in cache_dirs():
        try:
            d.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _private(d):
                continue
            fd, tmp = tempfile.mkstemp(dir=d, prefix=".kb-", suffix=".part")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(idx, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, d / f"kb-{cache_key}.pickle")
            _prune(d, keep=f"kb-{cache_key}.pickle")
            return
        except OSError:
            continue  # not writable: try the next place, or run without a cache


def _prune(d: Path, keep: str, max_files: int = 8) -> None:
    """Keep the cache folder small: drop the oldest compiled files beyond ``max_files``."""
    files = sorted(d.glob("kb-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for p in files[max_files:]:
        if p.name != keep:
            try:
                p.unlink()
            except OSError:
                pass
