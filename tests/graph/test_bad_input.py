"""Bad input: each fault gives one clear line naming file and record (exit 1), option or value (exit 2), and
writes, replaces or leaves behind nothing: bad records, bad arguments, outputs that are not regular files,
runs killed halfway, damaged caches, the reasoner's temporary files."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from tests.conftest import ROOT, run_vdg

Records = list[dict[str, Any]]


def _edit(data: Path, file: str, change: Callable[[Records], None]) -> None:
    path = data / file
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _set(index: int, key: str, value: Any) -> Callable[[Records], None]:
    def change(records: Records) -> None:
        records[index][key] = value
    return change


def _drop(index: int, key: str) -> Callable[[Records], None]:
    def change(records: Records) -> None:
        del records[index][key]
    return change


# (case id, file, change, record named in the message, words the message must hold)
CASES: list[tuple[str, str, Callable[[Records], None], str | None, str]] = [
    ("unknown-property", "agencies.yaml", _set(1, "parentOrganisation", "test-government"), "test-ministry",
     "unknown property 'parentOrganisation'"),
    ("dangling-id", "agencies.yaml", _set(1, "subOrganizationOf", "no-such-agency"), "test-ministry",
     "unknown id 'no-such-agency'"),
    ("duplicate-id", "sectors.yaml", _set(0, "id", "test-ministry"), "test-ministry", "duplicate id"),
    ("malformed-slug", "people.yaml", _set(0, "id", "Nguyen_Van_A"), None, "malformed id 'Nguyen_Van_A'"),
    ("unknown-type", "agencies.yaml", _set(1, "type", "Ministery"), "test-ministry", "unknown type 'Ministery'"),
    ("type-of-other-kind", "agencies.yaml", _set(1, "type", "Person"), "test-ministry",
     "type 'Person' is not a kind of Agency"),
    ("wrong-range", "posts.yaml", _set(0, "postIn", "nguyen-van-a"), "test-minister",
     "postIn: 'nguyen-van-a' is a Person, expected Agency"),
    ("wrong-domain", "people.yaml", _set(0, "postIn", "test-ministry"), "nguyen-van-a",
     "property 'postIn' applies to Post, not to a Person"),
    ("wrong-datatype", "observations.yaml", _set(1, "outOf", "one hundred"), "test-rank-2018",
     "outOf: 'one hundred' is not a valid integer"),
    ("bad-year", "observations.yaml", _set(0, "period", "last year"), "test-revenue-2018",
     "period: 'last year' is not a valid date: write a year (2018), a month (2018-07) or a day (2018-07-18)"),
    ("impossible-month", "observations.yaml", _set(0, "period", "2018-13"), "test-revenue-2018",
     "period: '2018-13' is not a valid date: there is no month 13"),
    ("precision-by-hand", "observations.yaml", _set(0, "periodPrecision", "YearPrecision"), "test-revenue-2018",
     "property 'periodPrecision' is written by the builder from the form of the date"),
    ("quote-not-in-source", "agencies.yaml", _set(0, "quote", "Chính phủ đã quyết định"), "test-government",
     "quote not found in source mini-source"),
    ("missing-source", "people.yaml", _drop(0, "source"), "nguyen-van-a", "no 'source'"),
    ("unknown-source", "people.yaml", _set(0, "source", "mini-sourse"), "nguyen-van-a",
     "unknown source 'mini-sourse' (did you mean 'mini-source'?)"),
    ("missing-english-label", "people.yaml", _set(0, "label", {"vi": "Nguyễn Văn A"}), "nguyen-van-a",
     "label has no 'en' text"),
    ("unknown-vocabulary-value", "observations.yaml", _set(0, "unit", "EUR"), "test-revenue-2018",
     "unit: unknown value 'EUR'; one of Count, Index, Percent, Rank, USD, VND"),
    ("functional-given-twice", "holdings.yaml", _set(0, "holder", ["nguyen-van-a", "nguyen-van-a"]),
     "nguyen-van-a-test-minister", "property 'holder' takes one value, got 2"),
    ("missing-required", "holdings.yaml", _drop(0, "heldPost"), "nguyen-van-a-test-minister",
     "missing required property 'heldPost'"),
    ("value-disagrees-with-wording", "observations.yaml", _set(0, "value", 2560000000000000), "test-revenue-2018",
     "value 2560000000000000 does not agree with statedValue 'khoảng 2,65 triệu tỷ đồng'"),
    ("corrected-without-note", "observations.yaml", _set(0, "corrected", True), "test-revenue-2018",
     "a corrected figure needs an 'editorialNote'"),
    ("stated-not-in-quote", "observations.yaml", _set(1, "statedValue", "51/173"), "test-rank-2018",
     "statedValue '51/173' is not part of any of its quotes"),
    ("range-and-value", "observations.yaml", _set(2, "value", 35), "test-productivity-target",
     "either 'value' or both 'minValue' and 'maxValue'"),
]


@pytest.mark.parametrize(("file", "change", "record", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_record(mini: tuple[Path, Path], tmp_path: Path, file: str, change: Callable[[Records], None],
                    record: str | None, words: str) -> None:
    data, sources = mini
    _edit(data, file, change)
    out = tmp_path / "out.ttl"
    proc = run_vdg("export", "-f", "ttl", "-o", str(out), "--data", str(data), "--sources", str(sources))
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"vdg: error: {data / file}:"), lines[0]
    if record:
        assert f"record '{record}'" in lines[0]
    assert words in lines[0]
    assert "Traceback" not in err
    assert not out.exists()
    assert list(tmp_path.glob(".out.ttl.*")) == []


@pytest.mark.parametrize(("written", "words"), [("2018-13-45", "month must be in 1..12"),
                                              ("2024-02-30", "day is out of range for month")])
def test_impossible_date_as_an_analyst_types_it(mini: tuple[Path, Path], tmp_path: Path, written: str,
                                                words: str) -> None:
    """An unquoted impossible date (which YAML would read as a timestamp) is one line naming the
    file and record, exit 1, and no output."""
    data, sources = mini
    path = data / "observations.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  period: 2018\n" in text
    path.write_text(text.replace("  period: 2018\n", f"  period: {written}\n", 1), encoding="utf-8")
    out = tmp_path / "out.ttl"
    proc = run_vdg("export", "-f", "ttl", "-o", str(out), "--data", str(data), "--sources", str(sources))
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith(f"vdg: error: {path}:") and "record 'test-revenue-2018'" in lines[0], lines[0]
    assert f"period: '{written}' is not a valid date: {words}" in lines[0], lines[0]
    assert not out.exists()


def test_invalid_yaml(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    (data / "people.yaml").write_text("- id: a\n  label: {vi: x, en: y\n", encoding="utf-8")
    out = tmp_path / "out.ttl"
    proc = run_vdg("export", "-o", str(out), "--data", str(data), "--sources", str(sources))
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert f"{data / 'people.yaml'}:" in err and "invalid YAML" in err
    assert not out.exists()


def test_duplicate_key_in_record(mini: tuple[Path, Path]) -> None:
    data, sources = mini
    path = data / "people.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  source: mini-source\n", encoding="utf-8")
    proc = run_vdg("build", "--data", str(data), "--sources", str(sources))
    assert proc.returncode == 1
    assert f"{path}:1: key 'source' given twice" in proc.stderr.decode()


def test_unknown_data_file(mini: tuple[Path, Path]) -> None:
    data, sources = mini
    (data / "ministries.yaml").write_text("[]\n", encoding="utf-8")
    proc = run_vdg("build", "--data", str(data), "--sources", str(sources))
    assert proc.returncode == 1
    assert "ministries.yaml: no kind reads this file" in proc.stderr.decode()


def test_missing_source_text(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, _ = mini
    empty = tmp_path / "no-texts"
    empty.mkdir()
    proc = run_vdg("build", "--data", str(data), "--sources", str(empty))
    assert proc.returncode == 1
    assert "record 'mini-source': source text mini.txt not found" in proc.stderr.decode()


def test_usage_errors_exit_2(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    proc = run_vdg("export", "-f", "docx", "--data", str(data))
    assert proc.returncode == 2
    assert "invalid choice: 'docx'" in proc.stderr.decode()
    out = tmp_path / "missing-folder" / "out.ttl"
    proc = run_vdg("export", "-o", str(out), "--data", str(data), "--sources", str(sources))
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr.decode()
    assert not out.exists()


def test_failed_export_keeps_previous_file(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    out = tmp_path / "graph.ttl"
    assert run_vdg("export", "-o", str(out), "--data", str(data), "--sources", str(sources)).returncode == 0
    before = out.read_bytes()
    _edit(data, "people.yaml", _set(0, "source", "nowhere"))
    proc = run_vdg("export", "-o", str(out), "--data", str(data), "--sources", str(sources))
    assert proc.returncode == 1
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".graph.ttl")] == []


# ---------------------------------------------------------------------------------------------------------------
# Bad arguments and bad surroundings, run through the real `vdg` in a subprocess: one line on stderr naming the
# problem, no traceback, the README's exit code, nothing written, replaced or left behind.

ASK = "ASK { ?s ?p ?o }"
COUNT_PEOPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/vdg/ontology#Person> }"


@dataclass
class Bad:
    """One bad input: arguments ({data}, {sources}, {tmp} filled in), the exit code, words of the error line."""

    id: str
    args: list[str]
    code: int
    words: str
    setup: Callable[[Path, Path, Path], None] | None = None
    marks: list[Any] = field(default_factory=list)


def _write(name: str, data: bytes) -> Callable[[Path, Path, Path], None]:
    def setup(_data: Path, _sources: Path, tmp: Path) -> None:
        (tmp / name).write_bytes(data)
    return setup


def _empty_data(data: Path, _sources: Path, _tmp: Path) -> None:
    for path in data.iterdir():
        path.unlink()


def _no_records(data: Path, _sources: Path, _tmp: Path) -> None:
    for path in data.iterdir():
        path.write_text("[]\n", encoding="utf-8")


def _append(file: str, text: str) -> Callable[[Path, Path, Path], None]:
    def setup(data: Path, _sources: Path, _tmp: Path) -> None:
        with (data / file).open("a", encoding="utf-8") as handle:
            handle.write(text)
    return setup


def _symlink(name: str, to: str) -> Callable[[Path, Path, Path], None]:
    def setup(_data: Path, _sources: Path, tmp: Path) -> None:
        (tmp / name).symlink_to(tmp / to)
    return setup


def char_device(path: Path, like: str) -> None:
    """A character device of the test's own at path, the same device as /dev/<like>: a new node (as root),
    else a link to /dev/<like>. Tests never name /dev/null or /dev/full themselves: run as root, a
    regression that replaced the output path would replace the machine's device."""
    device = os.stat(f"/dev/{like}")
    assert stat.S_ISCHR(device.st_mode), f"/dev/{like} is not a character device"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, device.st_rdev)
    except PermissionError:
        path.symlink_to(f"/dev/{like}")


def _device(name: str, like: str) -> Callable[[Path, Path, Path], None]:
    def setup(_data: Path, _sources: Path, tmp: Path) -> None:
        char_device(tmp / name, like)
    return setup


def _folder(name: str) -> Callable[[Path, Path, Path], None]:
    def setup(_data: Path, _sources: Path, tmp: Path) -> None:
        (tmp / name).mkdir()
    return setup


D = ["--data", "{data}", "--sources", "{sources}"]
BAD: list[Bad] = [
    # query text and query files
    Bad("query-empty-expression", ["query", "-e", "", *D], 2, "the SPARQL text is empty"),
    Bad("query-blank-expression", ["query", "-e", " \n\t", *D], 2, "the SPARQL text is empty"),
    Bad("query-insert", ["query", "-e", "INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }", *D], 2,
        "SPARQL Update is not allowed (INSERT)"),
    Bad("query-delete-after-prefix", ["query", "-e", "PREFIX a: <http://a/> # x\nDELETE WHERE { ?s ?p ?o }", *D], 2,
        "SPARQL Update is not allowed (DELETE)"),
    Bad("query-load", ["query", "-e", "LOAD <http://127.0.0.1:9/x>", *D], 2, "SPARQL Update is not allowed (LOAD)"),
    Bad("query-malformed", ["query", "-e", "SELEKT * WHERE { ?s ?p ?o }", *D], 2, "malformed SPARQL: line 1"),
    Bad("query-binary-rq", ["query", "{tmp}/bin.rq", *D], 2, "not a SPARQL text file (not UTF-8",
        _write("bin.rq", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")),
    Bad("query-nul-rq", ["query", "{tmp}/nul.rq", *D], 2, "not a SPARQL text file (NUL byte",
        _write("nul.rq", b"ASK {}\x00\x00")),
    Bad("query-empty-rq", ["query", "{tmp}/empty.rq", *D], 2, "the file is empty", _write("empty.rq", b"")),
    Bad("query-missing-rq", ["query", "{tmp}/missing.rq", *D], 2, "query file not found"),
    Bad("query-unknown-name", ["query", "no-such-question", *D], 2, "unknown query 'no-such-question'"),
    Bad("query-unknown-param", ["query", "agencies", "--param", "colour=red", *D], 2, "has no parameter 'colour'"),
    Bad("query-param-no-equals", ["query", "agencies", "--param", "lang", *D], 2, "--param takes key=value"),
    Bad("query-construct-csv", ["query", "describe-fact", "-f", "csv", *D], 2, "-f csv cannot hold it"),
    Bad("query-name-and-expression", ["query", "agencies", "-e", ASK, *D], 2, "give a query name or .rq file"),
    Bad("query-timeout-negative", ["query", "-e", ASK, "--timeout", "-1", *D], 2, "more than 0 seconds"),
    Bad("query-timeout-zero", ["query", "-e", ASK, "--timeout", "0", *D], 2, "more than 0 seconds"),
    Bad("query-timeout-nan", ["query", "-e", ASK, "--timeout", "nan", *D], 2, "not a finite number"),
    Bad("query-timeout-word", ["query", "-e", ASK, "--timeout", "soon", *D], 2, "'soon' is not a number"),
    Bad("query-endpoint-word", ["query", "-e", ASK, "--endpoint", "foo"], 2, "'foo' is not an http:// or https://"),
    Bad("query-endpoint-ftp", ["query", "-e", ASK, "--endpoint", "ftp://127.0.0.1/x"], 2, "not an http:// or https://"),
    Bad("query-endpoint-bad-port", ["query", "-e", ASK, "--endpoint", "http://127.0.0.1:99999/q"], 2, "is not a URL"),
    Bad("query-endpoint-space", ["query", "-e", ASK, "--endpoint", "http://a b/q"], 2, "no spaces"),
    Bad("query-endpoint-refused", ["query", "-e", ASK, "--endpoint", "http://127.0.0.1:9/sparql"], 2,
        "cannot reach http://127.0.0.1:9/sparql"),
    Bad("push-endpoint-word", ["push", "--endpoint", "store", *D], 2, "'store' is not an http:// or https://"),
    Bad("push-timeout-zero", ["push", "--endpoint", "http://127.0.0.1:9/store", "--timeout", "0", *D], 2,
        "more than 0 seconds"),
    Bad("push-user-no-password", ["push", "--endpoint", "http://127.0.0.1:9/store", "--user", "dba", *D], 2,
        "--user needs the password in the environment variable VDG_PASSWORD"),
    Bad("push-protocol-unknown", ["push", "--endpoint", "http://127.0.0.1:9/store", "--protocol", "ftp", *D], 2,
        "invalid choice: 'ftp'"),
    # serve
    Bad("serve-port-too-big", ["serve", "--port", "99999", *D], 2, "a port is a number from 1 to 65535"),
    Bad("serve-port-zero", ["serve", "--port", "0", *D], 2, "a port is a number from 1 to 65535"),
    Bad("serve-port-word", ["serve", "--port", "http", *D], 2, "'http' is not an integer"),
    Bad("serve-max-rows-zero", ["serve", "--max-rows", "0", *D], 2, "--max-rows: '0': must be 1 or more"),
    Bad("serve-timeout-zero", ["serve", "--timeout", "0", *D], 2, "--timeout: '0': a timeout must be more than 0"),
    Bad("serve-timeout-negative", ["serve", "--timeout", "-3", *D], 2, "a timeout must be more than 0"),
    Bad("serve-timeout-inf", ["serve", "--timeout", "inf", *D], 2, "not a finite number"),
    Bad("serve-max-bytes-negative", ["serve", "--max-bytes", "-1", *D], 2, "--max-bytes: '-1': must be 1 or more"),
    # viz and docs
    Bad("viz-depth-negative", ["viz", "--focus", "test-ministry", "--depth", "-1", *D], 2, "--depth: '-1': must be 0"),
    Bad("viz-unknown-class", ["viz", "--classes", "Spaceship", "-o", "{tmp}/v.html", *D], 2,
        "unknown class 'Spaceship': not a class of the ontology"),
    Bad("viz-misspelt-class", ["viz", "--classes", "Agency,Persn", "-o", "{tmp}/v.html", *D], 2,
        "unknown class 'Persn': not a class of the ontology (did you mean Person"),
    Bad("viz-no-class", ["viz", "--classes", " , ", "-o", "{tmp}/v.html", *D], 2, "give class names"),
    Bad("viz-unknown-focus", ["viz", "--focus", "no-such-node", "-o", "{tmp}/v.html", *D], 2,
        "--focus: 'no-such-node' matches 0 nodes"),
    Bad("docs-without-o", ["docs"], 2, "the following arguments are required: -o/--output"),
    Bad("docs-o-is-a-file", ["docs", "-o", "{tmp}/f"], 2, "is not a folder", _write("f", b"mine")),
    Bad("run-out-is-a-file", ["run", "--out", "{tmp}/f", *D], 2, "--out {tmp}/f is not a folder", _write("f", b"mine")),
    # data and sources folders
    Bad("data-missing", ["build", "--data", "{tmp}/nowhere"], 2, "argument --data: folder {tmp}/nowhere does not exist"),
    Bad("sources-missing", ["build", "--data", "{data}", "--sources", "{tmp}/nowhere"], 2,
        "argument --sources: folder {tmp}/nowhere does not exist"),
    Bad("data-is-a-file", ["build", "--data", "{tmp}/f"], 2, "is not a folder", _write("f", b"mine")),
    Bad("data-empty", ["build", *D], 1, "no records: the data folder holds no YAML record", _empty_data),
    Bad("data-empty-query", ["query", "-e", ASK, *D], 1, "no records", _empty_data),
    Bad("data-only-empty-lists", ["export", "-o", "{tmp}/g.ttl", *D], 1, "no records", _no_records),
    Bad("date-month-13", ["build", *D], 1, "record 'mini-source'", _append("sources.yaml", "  published: 2018-13-45\n")),
    Bad("date-february-30", ["build", *D], 1, "record 'mini-source'",
        _append("sources.yaml", "  published: 2024-02-30\n")),
    # outputs that are not regular files
    Bad("export-o-folder", ["export", "-o", "{tmp}/dir", *D], 2, "{tmp}/dir is a folder; give a file name",
        _folder("dir")),
    Bad("export-o-missing-folder", ["export", "-o", "{tmp}/no/g.ttl", *D], 2, "folder {tmp}/no does not exist"),
    Bad("export-o-dangling-link", ["export", "-o", "{tmp}/link", *D], 2, "a symbolic link to {tmp}/gone",
        _symlink("link", "gone")),
    Bad("export-o-link-to-folder", ["export", "-o", "{tmp}/link", *D], 2, "is a folder", _folder("dir")),
    Bad("export-o-full-device", ["export", "-o", "{tmp}/full", *D], 2, "{tmp}/full: No space left on device",
        _device("full", "full")),
    Bad("query-o-folder", ["query", "-e", ASK, "-o", "{tmp}", *D], 2, "is a folder"),
    Bad("check-o-folder", ["check", "--no-reason", "-o", "{tmp}", *D], 2, "is a folder"),
    Bad("ingest-o-folder", ["ingest", "{sources}/mini.txt", "--source-id", "new-article", "-o", "{tmp}", *D], 2,
        "is a folder"),
    # usage
    Bad("no-command", [], 2, "the following arguments are required: COMMAND"),
    Bad("unknown-format", ["export", "-f", "docx", *D], 2, "invalid choice: 'docx'"),
    Bad("unknown-option", ["build", "--colour", *D], 2, "unrecognized arguments: --colour"),
]
# a link to a folder needs both
BAD[[b.id for b in BAD].index("export-o-link-to-folder")].setup = (
    lambda d, s, t: (_folder("dir")(d, s, t), _symlink("link", "dir")(d, s, t)))


def _fill(text: str, data: Path, sources: Path, tmp: Path) -> str:
    return text.replace("{data}", str(data)).replace("{sources}", str(sources)).replace("{tmp}", str(tmp))


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under folder with its type bits and size (a link as a link)."""
    return {str(p.relative_to(folder)): (stat.S_IFMT(p.lstat().st_mode), p.lstat().st_size)
            for p in sorted(folder.rglob("*"))}


def vdg_in(cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """The `vdg` of this checkout, run in the folder cwd (so that anything it writes there is seen)."""
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, env=full, cwd=cwd,
                          timeout=timeout)


def assert_one_error_line(proc: subprocess.CompletedProcess, code: int, words: str) -> str:
    """Exit code as documented, no traceback, exactly one error line, the last on stderr, holding the words."""
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode == code, err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 1 and err.splitlines()[-1] == errors[0], err
    assert words in errors[0], err
    assert "internal error" not in errors[0], err
    return errors[0]


@pytest.mark.parametrize("bad", [pytest.param(b, id=b.id, marks=b.marks) for b in BAD])
def test_bad_argument(bad: Bad, mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    tmp, cwd, cache = tmp_path / "t", tmp_path / "cwd", tmp_path / "cache"
    tmp.mkdir(), cwd.mkdir()
    if bad.setup:
        bad.setup(data, sources, tmp)
    before, data_before = _tree(tmp), _tree(data)
    args = [_fill(a, data, sources, tmp) for a in bad.args]
    proc = vdg_in(cwd, *args, env={"VDG_CACHE_DIR": str(cache)}, timeout=120)
    assert_one_error_line(proc, bad.code, _fill(bad.words, data, sources, tmp))
    assert proc.stdout == b""
    assert _tree(tmp) == before and _tree(data) == data_before  # nothing written, replaced or left behind
    assert list(cwd.iterdir()) == []
    assert not cache.exists() or [p.name for p in cache.iterdir() if not p.name.startswith("store-")] == []


def test_port_in_use_is_a_runtime_error(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = vdg_in(tmp_path, "serve", "--port", str(port), "--data", str(data), "--sources", str(sources),
                      env={"VDG_CACHE_DIR": str(tmp_path / "cache")}, timeout=120)
    assert_one_error_line(proc, 2, f"cannot listen on 127.0.0.1:{port}: Address already in use")


def test_host_that_does_not_resolve(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    proc = vdg_in(tmp_path, "serve", "--host", "256.1.1.1", "--data", str(data), "--sources", str(sources),
                  env={"VDG_CACHE_DIR": str(tmp_path / "cache")}, timeout=120)
    assert_one_error_line(proc, 2, "--host '256.1.1.1'")


# ---------------------------------------------------------------------------------------------------------------
# -o writes through what is not a regular file and never replaces it; a regular file keeps its mode


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    """An empty folder beside the mini data set (which lives in tmp_path)."""
    path = tmp_path / "work"
    path.mkdir()
    return path


def _export(tmp_path: Path, mini: tuple[Path, Path], out: str, fmt: str = "nt") -> subprocess.CompletedProcess:
    data, sources = mini
    return vdg_in(tmp_path, "export", "-f", fmt, "-o", out, "--data", str(data), "--sources", str(sources))


def test_output_to_character_device_is_written_through(mini: tuple[Path, Path], work: Path) -> None:
    null = work / "null"
    char_device(null, "null")
    proc = _export(work, mini, str(null))
    assert proc.returncode == 0, proc.stderr.decode()
    assert stat.S_ISCHR(os.stat(null).st_mode) and os.stat(null).st_size == 0
    assert sorted(p.name for p in work.iterdir()) == ["null"]


def _release(fifo: Path) -> None:
    """Let a reader still blocked on the FIFO go (when vdg did not write it): open it for writing, close."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass  # no reader left: ENXIO


def _export_into_fifo(work: Path, mini: tuple[Path, Path], fifo: Path,
                      target: Path) -> tuple[subprocess.CompletedProcess, list[bytes]]:
    """Export to `target` (the FIFO or a link to it) while a thread reads the FIFO; the process and what was read."""
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = _export(work, mini, str(target))
    reader.join(60)
    _release(fifo)
    return proc, got


def test_output_to_fifo_is_written_through(mini: tuple[Path, Path], work: Path) -> None:
    fifo = work / "pipe"
    os.mkfifo(fifo)
    proc, got = _export_into_fifo(work, mini, fifo, fifo)
    assert proc.returncode == 0, proc.stderr.decode()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    reference = _export(work, mini, str(work / "ref.nt"))
    assert reference.returncode == 0 and got == [(work / "ref.nt").read_bytes()] and got[0]
    assert sorted(p.name for p in work.iterdir()) == ["pipe", "ref.nt"]


def test_output_to_dev_stdout_on_a_pipe(mini: tuple[Path, Path], work: Path) -> None:
    stdout = work / "stdout"
    stdout.symlink_to("/proc/self/fd/1")  # as /dev/stdout is: a link to a link to "pipe:[N]"
    piped = _export(work, mini, str(stdout))
    reference = _export(work, mini, str(work / "ref.nt"))
    assert piped.returncode == 0 and reference.returncode == 0, piped.stderr.decode()
    assert piped.stdout == (work / "ref.nt").read_bytes() and piped.stdout
    assert stdout.is_symlink() and sorted(p.name for p in work.iterdir()) == ["ref.nt", "stdout"]


def test_output_through_symlink_to_fifo(mini: tuple[Path, Path], work: Path) -> None:
    fifo, link = work / "pipe", work / "link"
    os.mkfifo(fifo)
    link.symlink_to(fifo)
    proc, got = _export_into_fifo(work, mini, fifo, link)
    assert proc.returncode == 0, proc.stderr.decode()
    assert link.is_symlink() and stat.S_ISFIFO(fifo.lstat().st_mode) and got and got[0].startswith(b"<")


def test_output_through_symlink_keeps_the_link(mini: tuple[Path, Path], work: Path) -> None:
    target, link = work / "real.nt", work / "link.nt"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    link.symlink_to(target)
    proc = _export(work, mini, str(link))
    assert proc.returncode == 0, proc.stderr.decode()
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes().startswith(b"<") and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in work.iterdir()) == ["link.nt", "real.nt"]


def test_new_output_file_has_the_usual_mode(mini: tuple[Path, Path], work: Path) -> None:
    out = work / "g.ttl"
    proc = _export(work, mini, str(out), "ttl")
    assert proc.returncode == 0, proc.stderr.decode()
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


# ---------------------------------------------------------------------------------------------------------------
# leftovers: kill -9, the cache folder, the reasoner, the current folder

_KILL_AT_FSYNC = ("import os, signal, sys; os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL); "
                  "from graph.cli import main; sys.exit(main(sys.argv[1:]))")


def _killed(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """vdg killed by SIGKILL at the worst moment: its output written, not yet renamed into place."""
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-c", _KILL_AT_FSYNC, *args], capture_output=True, env=full, cwd=cwd,
                          timeout=300)


def test_kill_9_during_export_leaves_nothing_after_the_next_write(mini: tuple[Path, Path], work: Path) -> None:
    data, sources = mini
    out = work / "g.ttl"
    out.write_bytes(b"previous")
    proc = _killed(work, "export", "-o", str(out), "--data", str(data), "--sources", str(sources))
    assert proc.returncode == -signal.SIGKILL
    assert out.read_bytes() == b"previous"
    left = [p.name for p in work.iterdir() if p.name != "g.ttl"]
    assert all(name.startswith(".g.ttl.") and name.endswith(".vdg-tmp") for name in left)  # recognisable
    proc = _export(work, mini, str(out), "ttl")
    assert proc.returncode == 0, proc.stderr.decode()
    assert [p.name for p in work.iterdir()] == ["g.ttl"] and out.read_bytes() != b"previous"


def test_kill_9_while_caching_leaves_nothing_after_the_next_query(mini: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = mini
    env = {"VDG_CACHE_DIR": str(tmp_path / "cache")}
    args = ("query", "-e", COUNT_PEOPLE, "-f", "csv", "--data", str(data), "--sources", str(sources))
    assert _killed(tmp_path, *args, env=env).returncode == -signal.SIGKILL
    proc = vdg_in(tmp_path, *args, env=env)
    assert proc.returncode == 0 and proc.stdout.decode().splitlines() == ["n", "1"], proc.stderr.decode()
    [slot] = (tmp_path / "cache").iterdir()  # one store; a killed build's partial folder swept
    assert slot.name.startswith("store-") and len(list(slot.glob("b-*"))) == 1
    assert not list(slot.rglob("*.vdg-tmp"))


@pytest.mark.parametrize("keep", ["lines", "no-footer", "edited"])
def test_cache_cut_at_a_line_boundary_is_rebuilt(mini: tuple[Path, Path], tmp_path: Path, keep: str) -> None:
    data, sources = mini
    env = {"VDG_CACHE_DIR": str(tmp_path / "cache")}
    # the N-Quads written from the store for rdflib's engine (and the view, the published pages)
    args = ("query", "-e", COUNT_PEOPLE, "-f", "csv", "--engine", "rdflib", "--data", str(data), "--sources", str(sources))
    assert vdg_in(tmp_path, *args, env=env).returncode == 0
    [cache] = (tmp_path / "cache").glob("store-*/b-*/dataset.nq")
    whole = cache.read_bytes()
    lines = whole.splitlines(keepends=True)
    people = [line for line in lines if b"ontology#Person>" in line and b"/id/person/" in line]
    assert len(people) == 1
    if keep == "lines":  # cut at a line boundary, before the person: a wrong answer (0) if used
        damaged = b"".join(lines[:lines.index(people[0])])
    elif keep == "no-footer":  # every quad there, only the footer gone
        damaged = b"".join(lines[:-1])
    else:  # one line removed in the middle, the footer kept
        damaged = b"".join(line for line in lines if line != people[0])
    cache.write_bytes(damaged)
    proc = vdg_in(tmp_path, *args, env=env)
    assert proc.returncode == 0 and proc.stdout.decode().splitlines() == ["n", "1"], proc.stderr.decode()
    assert cache.read_bytes() == whole  # written again, whole


def test_serve_repairs_a_damaged_cache(mini: tuple[Path, Path], tmp_path: Path) -> None:
    import json
    import urllib.parse
    import urllib.request

    data, sources = mini
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VDG_CACHE_DIR": str(tmp_path / "cache")}
    args = ("--data", str(data), "--sources", str(sources))
    assert vdg_in(tmp_path, "query", "-e", ASK, *args, env=env).returncode == 0
    [current] = (tmp_path / "cache").glob("store-*/b-*/store/CURRENT")
    current.unlink()  # RocksDB cannot open the store any more
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--port", str(port), *args], env=env,
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": COUNT_PEOPLE})
        for _ in range(300):
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    answer = json.loads(response.read())
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.2)
        assert answer["results"]["bindings"][0]["n"]["value"] == "1"
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "Traceback" not in err.decode() and "rebuilding" in err.decode()


def test_construct_as_json_is_json_ld(mini: tuple[Path, Path], tmp_path: Path) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    data, sources = mini
    env = {"VDG_CACHE_DIR": str(tmp_path / "cache")}
    text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s <http://www.w3.org/ns/prov#wasDerivedFrom> ?src ; ?p ?o }"
    args = ("query", "-e", text, "--data", str(data), "--sources", str(sources))
    as_json = vdg_in(tmp_path, *args, "-f", "json", env=env)
    as_nt = vdg_in(tmp_path, *args, "-f", "table", env=env)
    assert as_json.returncode == 0 and as_nt.returncode == 0, as_json.stderr.decode()
    assert as_json.stdout.lstrip().startswith(b"[")  # JSON, not N-Triples
    from_json = Graph().parse(data=as_json.stdout.decode(), format="json-ld")
    from_nt = Graph().parse(data=as_nt.stdout.decode(), format="nt")
    assert len(from_nt) > 5 and isomorphic(from_json, from_nt)


def test_viz_without_o_writes_to_stdout_not_the_current_folder(mini: tuple[Path, Path], work: Path) -> None:
    data, sources = mini
    proc = vdg_in(work, "viz", "--data", str(data), "--sources", str(sources))
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.startswith(b"<!DOCTYPE html>") and list(work.iterdir()) == []


def test_docs_writes_only_into_the_folder_given(tmp_path: Path) -> None:
    proc = vdg_in(tmp_path, "docs", "-o", "site")
    assert proc.returncode == 0, proc.stderr.decode()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["index.html"]


def _reason(tmp_path: Path, mini: tuple[Path, Path], env: dict[str, str]) -> subprocess.Popen:
    data, sources = mini
    full = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.Popen([sys.executable, "-m", "graph.cli", "reason", "--data", str(data), "--sources",
                             str(sources)], env=full, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_reasoner_without_java_leaves_no_temp_file(mini: tuple[Path, Path], tmp_path: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    java_free = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                                if p and not (Path(p) / "java").exists())
    proc = _reason(tmp_path, mini, {"TMPDIR": str(temp), "PATH": java_free})
    out, err = proc.communicate(timeout=300)
    proc_result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    assert_one_error_line(proc_result, 2, "HermiT could not run")
    assert list(temp.iterdir()) == []


_INCONSISTENT = """
from rdflib import Graph
from ontology.reasoner import reason
graph = Graph().parse(data=\"\"\"
@prefix vdg: <https://w3id.org/vdg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
vdg:Agency a owl:Class . vdg:Person a owl:Class . vdg:Agency owl:disjointWith vdg:Person .
<https://w3id.org/vdg/id/x/both> a vdg:Agency , vdg:Person .
\"\"\", format="turtle")
print(reason(graph).consistent)
"""


def test_reasoner_on_inconsistent_data_leaves_no_temp_file(tmp_path: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    proc = subprocess.run([sys.executable, "-c", _INCONSISTENT], capture_output=True, cwd=tmp_path, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp)})
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().split() == ["False"]
    assert list(temp.iterdir()) == []


def test_reasoner_interrupted_leaves_no_temp_file(mini: tuple[Path, Path], tmp_path: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    proc = _reason(tmp_path, mini, {"TMPDIR": str(temp)})
    # wait until owlready2 has written HermiT's input (a file beside our own input.nt), then press Ctrl-C
    for _ in range(3000):
        if any(p.is_file() and p.name != "input.nt" for p in temp.rglob("*")) or proc.poll() is not None:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the reasoner ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 2), err.decode()
    assert "Traceback" not in err.decode()
    assert list(temp.iterdir()) == []
