"""Run one fuzz target under atheris (libFuzzer): ``python fuzz/fuzz_main.py NAME [libFuzzer args]``.

Only parley's own modules are instrumented for coverage; libraries run at full speed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    import atheris

    name = sys.argv.pop(1)
    with atheris.instrument_imports(include=["parley"]):
        import parley.actors.schema  # noqa: F401
        import parley.nlp.dates  # noqa: F401
        import parley.read  # noqa: F401
        import parley.read.html  # noqa: F401
        import parley.read.jsonl  # noqa: F401
        import parley.read.metadata  # noqa: F401
        import parley.read.rss  # noqa: F401
        import parley.read.warc  # noqa: F401
        import parley.records  # noqa: F401
    import targets

    targets.TARGETS[name](b"")  # warm caches (models, built-in actors) before timing starts
    atheris.Setup(sys.argv, lambda data: targets.run_one(name, data))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
