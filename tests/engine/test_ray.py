"""The Ray engine codes a small fixture exactly as the local engine does, and `parley load` stores it."""

from __future__ import annotations

import pytest
from engine_support import need

from parley.engine.local import code_stream
from parley.engine.parquet import read_output
from parley.errors import InputError, UsageError
from parley.read import read_inputs

pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def ray_local():
    """Ray on this machine: 2 CPUs (one coding actor, one CPU for reads), no dashboard."""
    try:
        import ray
    except ImportError:
        need(False, "ray is not installed (pip install 'parley-events[ray]')")
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def ray_run(ray_local, small_news, settings, tmp_path_factory):
    from parley.engine.ray import code_to_parquet

    out = tmp_path_factory.mktemp("ray") / "out"
    refused: list[InputError] = []
    report = code_to_parquet([str(small_news)], str(out), settings, on_refused=refused.append)
    return out, report, refused


def test_ray_events_equal_local_events(ray_run, small_news, settings):
    out, report, _refused = ray_run
    local = [e.to_dict() for item in code_stream(read_inputs([str(small_news)]), settings)
             if not isinstance(item, InputError) for e in item[1]]
    remote = read_output(str(out), "events")
    assert local, "the fixture must code some events"
    local_by_id, remote_by_id = {e["id"]: e for e in local}, {e["id"]: e for e in remote}
    assert len(remote_by_id) == len(remote)  # no event written twice
    assert set(remote_by_id) == set(local_by_id)
    for event_id, event in local_by_id.items():
        assert remote_by_id[event_id] == event, event_id
    assert report.events == len(local) and report.actors == 1


def test_ray_writes_documents_partitioned_by_date(ray_run, small_news):
    out, report, refused = ray_run
    docs = read_output(str(out), "documents")
    expected = {d.id: d for d in read_inputs([str(small_news)]) if not isinstance(d, InputError)}
    assert {d["id"] for d in docs} == set(expected) and report.documents == len(expected)
    for d in docs:
        assert (out / "kind=documents" / f"date={d['date'] or 'unknown'}").is_dir()
    assert [r.input_name for r in refused] == [str(small_news / "zz-empty.txt")] and report.refused == 1


def test_load_stores_the_ray_output(ray_run, tmp_path):
    from parley.ingest import load
    from parley.store import open_store

    out, report, _refused = ray_run
    db = str(tmp_path / "ray.duckdb")
    result = load([str(out)], db=db)
    assert (result.new, result.events, result.refused) == (report.documents, report.events, 0)
    store = open_store(db)
    try:
        assert store.counts()["events"] == report.events
    finally:
        store.close()


def test_ray_refuses_a_non_empty_output_folder(ray_run, settings):
    from parley.engine.ray import code_to_parquet

    out, _report, _refused = ray_run
    with pytest.raises(UsageError, match="not empty"):
        code_to_parquet(["x.txt"], str(out), settings)
