"""The local engine: `-j N` gives exactly the output of `-j 1`, refusals pass through, order holds."""

from __future__ import annotations

import subprocess
import sys

import pytest

from parley.engine.local import BATCH_DOCS, CodingStage, code_stream
from parley.errors import InputError
from parley.read import read_inputs

PARLEY = [sys.executable, "-m", "parley"]


def test_batches_match_the_coder():
    """Workers get the coder's own batches, so every nlp.pipe run parses the same sentences."""
    from parley.coding import coder

    assert BATCH_DOCS == coder.BATCH_DOCS


def test_j2_output_is_byte_identical_to_j1(examples, tmp_path):
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.jsonl"
        proc = subprocess.run([*PARLEY, "code", str(examples), "-j", jobs, "-q", "--out", str(out)],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[0].count(b"\n") > 20  # the demo corpus codes plenty of events


def test_refused_inputs_and_order_with_workers(small_news, settings):
    stats: dict[str, float] = {}
    items = list(code_stream(read_inputs([str(small_news)]), settings, jobs=2, batch_size=2, window=1,
                             stats=stats))
    refused = [i for i in items if isinstance(i, InputError)]
    coded = [i for i in items if not isinstance(i, InputError)]
    assert [r.input_name for r in refused] == [str(small_news / "zz-empty.txt")]
    expected = [d.id for d in read_inputs([str(small_news)]) if not isinstance(d, InputError)]
    assert [doc.id for doc, _events in coded] == expected
    assert stats["documents"] == len(expected)
    assert stats["events"] == sum(len(events) for _doc, events in coded) > 0


def test_worker_failure_is_one_clear_error(small_news):
    """A model that cannot load fails the run with the model error, not a hang or respawn loop."""
    from parley.config import load_settings
    from parley.errors import ModelError

    bad = load_settings({"model": "no_such_spacy_pipeline"}, environ={})
    with pytest.raises(ModelError, match="no_such_spacy_pipeline"):
        list(code_stream(read_inputs([str(small_news)]), bad, jobs=2))


def test_stage_ships_its_recipe_not_its_models(settings):
    import pickle

    stage = CodingStage(settings, prefilter=False)
    copy = pickle.loads(pickle.dumps(stage))
    assert copy.prefilter is False and copy.settings == settings and copy._coder is None


def test_jobs_must_be_positive(capsys):
    from parley.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["code", "x.txt", "-j", "0"])
    assert exc.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize("argv,message", [
    (["code", "x.txt", "--engine", "ray"], "--engine ray needs --out FOLDER"),
    (["code", "-", "--engine", "ray", "-o", "out"], "not standard input"),
    (["code", "x.txt", "--engine", "ray", "-o", "out", "--explain"], "--explain works with the local engine"),
])
def test_ray_engine_usage_errors(argv, message, capsys):
    """Checked before Ray is imported or started: one line, exit status 2."""
    from parley.cli import main

    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_a_worker_pool_serves_several_runs_with_the_same_workers(small_news, settings):
    """Issue #7: `parley watch -j N` keeps its workers, and the models they loaded, between polls."""
    import psutil

    from parley.engine.local import WorkerPool

    def coded(items):
        return [(doc.id, [e.to_json() for e in events]) for doc, events in
                (i for i in items if not isinstance(i, InputError))]

    def children() -> set[int]:
        return {p.pid for p in psutil.Process().children()}

    expected = coded(code_stream(read_inputs([str(small_news)]), settings, jobs=1))
    with WorkerPool.for_settings(settings, 2) as pool:
        workers = children()
        first = coded(code_stream(read_inputs([str(small_news)]), settings, pool=pool))
        seen = []  # the processes alive while the second run codes: the same two, no new ones
        second = coded(item for item in code_stream(read_inputs([str(small_news)]), settings, pool=pool)
                       if not seen.append(children()))
    assert len(workers) >= 2 and seen and all(s == workers for s in seen)
    assert first == second == expected
