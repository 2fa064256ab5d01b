"""Bad inputs: one clear line each naming the input and the reason, the rest still read, exit 1,
no traceback, memory bounded on huge inputs."""

from __future__ import annotations

import gzip
import json
import sys

import pytest

from read.helpers import read_all, records, run_cli

GOOD = ("MINSK, May 4 (Belta Wire) - Belarus and Russia held joint staff talks in Minsk on Thursday "
        "ahead of autumn exercises, the defence ministry said.")


def _one_error(path, **kwargs):
    docs, errors = read_all(path, **kwargs)
    assert not docs
    assert len(errors) == 1
    return errors[0]


def test_binary_file(tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)) * 40)
    assert "binary" in _one_error(path).reason
    named_txt = tmp_path / "fake.txt"
    named_txt.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert "PNG" in _one_error(named_txt).reason


def test_pdf(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    error = _one_error(path)
    assert error.input_name == str(path)
    assert "PDF" in error.reason


def test_pdf_inside_folder_is_reported(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4\n...")
    (tmp_path / "story.txt").write_text(GOOD)
    docs, errors = read_all(tmp_path)
    assert [d.id for d in docs] == ["story"]
    assert [e.input_name for e in errors] == [str(tmp_path / "report.pdf")]


def test_invalid_utf8_is_refused(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("Talks in Genève resumed, ".encode() + b"\xff\xfe\xfa broken " + GOOD.encode())
    error = _one_error(path)
    assert "not valid UTF-8" in error.reason and "offset" in error.reason
    assert error.hint and "UTF-8" in error.hint


def test_empty_and_blank_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"\n   \n\t\n")
    docs, errors = read_all(tmp_path / "empty.txt", tmp_path / "blank.txt")
    assert not docs
    assert [e.reason for e in errors][0] == "empty file"
    assert "no text" in errors[1].reason


def test_broken_html(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><div class=<<<<>>><p")
    assert "HTML" in _one_error(broken).reason
    truncated = tmp_path / "truncated.html"
    truncated.write_text(f"<html><body><article><p>{GOOD}</p><p>The talks will continue on Friday, it added.")
    docs, errors = read_all(truncated)
    assert not errors and docs[0].text.startswith("MINSK, May 4")


def test_jsonl_bad_lines_are_named_with_line_numbers(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "ok1", "text": GOOD}),
        "{not json at all",
        json.dumps({"id": "no-text", "title": "only a title"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"id": "ok2", "text": GOOD.replace("Thursday", "Friday")}),
    ]) + "\n")
    docs, errors = read_all(path)
    assert [d.id for d in docs] == ["ok1", "ok2"]
    assert [e.input_name for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "not JSON" in errors[0].reason
    assert "no 'text' or 'html'" in errors[1].reason
    assert "not an object" in errors[2].reason


def test_truncated_gzip_keeps_lines_before_the_damage(tmp_path):
    lines = "".join(json.dumps({"id": f"n{i}", "text": GOOD}) + "\n" for i in range(50)).encode()
    packed = gzip.compress(lines)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) - 30])
    docs, errors = read_all(path)
    assert len(errors) == 1 and "truncated" in errors[0].reason
    assert 0 < len(docs) < 50


def test_not_a_warc(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_text("this is not an archive\n" * 20)
    assert "not a WARC" in _one_error(path).reason


def test_gz_name_that_is_not_gzip(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    path.write_text(json.dumps({"text": GOOD}))
    assert "not gzip" in _one_error(path).reason


def test_missing_path():
    error = _one_error("/no/such/folder/story.txt")
    assert error.reason == "no such file or directory"


def test_huge_text_file_is_refused_from_its_size(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200_000_000)
    error = _one_error(path)
    assert "200.0 MB" in error.reason and "limit" in error.reason
    assert "--max-bytes" in (error.hint or "")


def test_max_bytes_is_configurable(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(GOOD)
    assert "limit" in _one_error(path, max_bytes=50).reason
    docs, _ = read_all(path, max_bytes=10_000)
    assert len(docs) == 1


def test_oversized_jsonl_line_is_skipped_in_bounded_chunks(tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "w") as fh:
        fh.write(json.dumps({"id": "before", "text": GOOD}) + "\n")
        fh.write('{"id": "huge", "text": "')
        for _ in range(300):
            fh.write("x" * 10_000)
        fh.write('"}\n')
        fh.write(json.dumps({"id": "after", "text": GOOD}) + "\n")
    docs, errors = read_all(path, max_bytes=100_000)
    assert [d.id for d in docs] == ["before", "after"]
    assert errors[0].input_name == f"{path}:2" and "longer than" in errors[0].reason


PEAK_RSS = """
import resource, sys
from parley.cli import main
rc = main(["read", "-q", *sys.argv[1:]])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(rc)
"""


def test_memory_stays_bounded_on_200_mb_inputs(tmp_path):
    """A 200 MB .txt is refused unread; a 200 MB JSONL is streamed (its giant line in chunks)."""
    import subprocess

    txt, jsonl = tmp_path / "huge.txt", tmp_path / "huge.jsonl"
    with open(txt, "wb") as fh:
        fh.truncate(200_000_000)
    with open(jsonl, "w") as fh:
        fh.write(json.dumps({"id": "first", "text": GOOD}) + "\n")
        chunk = "x" * 1_000_000
        for _ in range(200):
            fh.write(chunk)
        fh.write("\n" + json.dumps({"id": "last", "text": GOOD}) + "\n")
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps({"id": "small", "text": GOOD}) + "\n")
    base = subprocess.run([sys.executable, "-c", PEAK_RSS, str(small)], capture_output=True, timeout=300)
    base_mb = int(base.stderr.decode().strip().splitlines()[-1]) / 1024  # ru_maxrss is KiB on Linux
    out = subprocess.run([sys.executable, "-c", PEAK_RSS, str(txt), str(jsonl)], capture_output=True,
                         timeout=300)
    lines = out.stderr.decode().strip().splitlines()
    assert out.returncode == 1
    assert [r["id"] for r in records(out.stdout)] == ["first", "last"]
    assert any(str(txt) in line and "limit" in line for line in lines)
    assert any(f"{jsonl}:2" in line and "longer than" in line for line in lines)
    peak_mb = int(lines[-1]) / 1024
    # the same process on a one-line file sets the floor (models, libraries); 400 MB of input
    # may add at most the 20 MB one-article limit and buffers on top of it
    assert peak_mb - base_mb < 60, f"peak RSS {peak_mb:.0f} MB vs {base_mb:.0f} MB on a small file"


@pytest.mark.parametrize("args", [
    ["--date", "18/08/2021"], ["--max-bytes", "lots"], ["--max-bytes", "0"],
])
def test_usage_errors_exit_2(tmp_path, args):
    (tmp_path / "a.txt").write_text(GOOD)
    out = run_cli("read", str(tmp_path / "a.txt"), *args)
    assert out.returncode == 2
    assert b"Traceback" not in out.stderr
    assert out.stderr.decode().count("\n") == 1
    assert not out.stdout


def test_no_inputs_is_a_usage_error():
    out = run_cli("read")
    assert out.returncode == 2 and b"Traceback" not in out.stderr


def test_cli_reports_every_bad_input_and_reads_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.5\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.txt").write_bytes(b"ok \xc3\xa9 then \xff bad")
    (tmp_path / "broken.html").write_text("<html><p")
    (tmp_path / "feed.jsonl").write_text('{"text": 1}\nnope\n' + json.dumps({"id": "j", "text": GOOD}) + "\n")
    out = run_cli("read", str(tmp_path))
    assert out.returncode == 1
    assert [r["id"] for r in records(out.stdout)] == ["j", "good"]
    stderr = out.stderr.decode()
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 6
    for name in ("doc.pdf", "empty.txt", "bad.txt", "broken.html", "feed.jsonl:1", "feed.jsonl:2"):
        assert sum(name in line for line in lines) == 1, name
    assert all(line.startswith("parley: ") for line in lines)


def test_a_bug_on_one_article_does_not_end_the_batch(tmp_path, monkeypatch):
    """The safety net: an unexpected exception is reported as E199 and the next input is read."""
    import parley.read.txt as txt

    real = txt.build_document

    def flaky(text, **kwargs):
        if "EXPLODE" in text:
            raise KeyError("simulated bug")
        return real(text, **kwargs)

    monkeypatch.setattr(txt, "build_document", flaky)
    (tmp_path / "a.txt").write_text("EXPLODE " + GOOD)
    (tmp_path / "b.txt").write_text(GOOD)
    docs, errors = read_all(tmp_path)
    assert [d.id for d in docs] == ["b"]
    assert errors[0].code == "E199" and "internal error (KeyError" in errors[0].reason
