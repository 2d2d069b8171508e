"""Long articles: linear work (the indexed lookups agree with the plain scans they replace),
sentences cut at MAX_SENTENCE, progress on stderr, and the benchmark that measures it."""

from __future__ import annotations

import random
from pathlib import Path

from graph.bench import ingest as bench
from graph.ingest.linker import Entry, Gazetteer, Mention, find_mentions
from graph.ingest.pipeline import LONG_ARTICLE, ingest
from graph.ingest.sentences import MAX_SENTENCE, split_sentences
from graph.ingest.spans import Context
from graph.ingest.text import at_word_boundary, fold
from tests.conftest import run_vdg


def test_a_run_without_sentence_ends_is_cut_at_spaces() -> None:
    text = "từ " * (MAX_SENTENCE * 2)
    sentences = split_sentences(text)
    assert len(sentences) >= 3
    assert all(len(s.text) <= MAX_SENTENCE and text[s.start:s.end] == s.text for s in sentences)
    assert all(not s.text.startswith("ừ") for s in sentences)  # cut at a space, not inside a word


def test_abbreviation_after_a_long_word_and_many_periods() -> None:
    text = "x" * 100 + " TP. Hà Nội. Hai." + "a." * 5000 + " Hết."
    sentences = split_sentences(text)
    assert sentences[0].text == "x" * 100 + " TP. Hà Nội."
    assert sentences[-1].text == "Hết."


def _plain_mentions(text: str, gazetteer: Gazetteer, kinds: tuple[str, ...]) -> list[Mention]:
    """The scan that find_mentions replaced: every key searched over the whole text."""
    import re

    from graph.ingest.linker import _accept

    folded = fold(text)
    found = []
    for key, bucket in gazetteer.names.items():
        for match in re.finditer(re.escape(key), folded):
            for surface, entry in bucket:
                if entry.kind in kinds and (c := _accept(text, match.start(), match.end(), surface)) is not None:
                    found.append(Mention(match.start(), match.end(), entry, c))
                    break
    found.sort(key=lambda m: (-(m.end - m.start), -m.confidence, m.start, m.entry.kind, m.entry.id))
    taken: list[Mention] = []
    for m in found:
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


def test_find_mentions_agrees_with_the_plain_scan() -> None:
    rng = random.Random(3)
    gazetteer = Gazetteer()
    names = ["Bộ Tài chính", "Bộ TT&TT", "Tài chính", "Chính phủ", "Chính phủ điện tử", "(VN) Hà Nội", "Hà Nội", "nội"]
    for i, name in enumerate(names):
        gazetteer.add(name, Entry("agency", f"a{i}", "Agency", name))
    words = ["Bộ", "Tài", "chính", "Chính", "phủ", "điện", "tử", "TT&TT", "bo", "tai", "chinh", "(VN)", "Hà", "Nội",
             "nội", "ha", "noi", ",", "và"]
    for _ in range(200):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        assert find_mentions(text, gazetteer, ("agency",)) == _plain_mentions(text, gazetteer, ("agency",)), text


def test_context_lookups_agree_with_plain_scans() -> None:
    rng = random.Random(5)
    entry = Entry("agency", "a", "Agency", "A")
    for _ in range(100):
        mentions = sorted((Mention(s, s + rng.randint(1, 15), entry, 1.0) for s in rng.sample(range(200), 12)),
                          key=lambda m: m.start)
        ctx = Context("x" * 220, "s", [], Gazetteer(), None, {"agency": mentions}, set())  # type: ignore[arg-type]
        for _ in range(50):
            a = rng.randrange(210)
            b = a + rng.randint(1, 10)
            assert ctx.covered(a, b, ("agency",)) == any(m.start < b and a < m.end for m in mentions)
            assert ctx.mention_at(("agency",), a) == next((m for m in mentions if m.start == a), None)


def test_unique_ids_number_on(tmp_path: Path) -> None:
    ctx = Context("", "src", [], Gazetteer(), None, {}, {"x"})  # type: ignore[arg-type]
    assert [ctx.unique_id("x") for _ in range(4)] == ["x-src", "x-src-2", "x-src-3", "x-src-4"]


def test_progress_on_stderr_for_a_long_article(tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    article.write_text(bench.SHAPES["prose"](LONG_ARTICLE + 1000), encoding="utf-8")
    out = tmp_path / "out.yaml"
    proc = run_vdg("ingest", str(article), "--source-id", "test-long-article", "-o", str(out))
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "vdg ingest: reading" in err and "vdg ingest: figures" in err
    assert out.read_text(encoding="utf-8").count("\n  - id:") > 100


def test_no_progress_for_a_short_article(tmp_path: Path) -> None:
    article = tmp_path / "short.txt"
    article.write_text(bench.PARAGRAPH, encoding="utf-8")
    proc = run_vdg("ingest", str(article), "--source-id", "test-short-article", "-o", str(tmp_path / "o.yaml"))
    assert proc.returncode == 0 and "vdg ingest:" not in proc.stderr.decode()


def test_bench_runs_and_prints_a_row_per_size(capsys) -> None:  # type: ignore[no-untyped-def]
    assert bench.main(["--sizes", "2k,4k", "--shapes", "prose,dots"]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines()[1:]]
    assert [(r[0], r[1]) for r in rows] == [("prose", "2,000"), ("prose", "4,000"), ("dots", "2,000"), ("dots", "4,000")]
    assert bench.main(["--sizes", "x"]) == 2


def test_same_candidates_whatever_the_length_before(tmp_path: Path) -> None:
    """The article's own candidates do not depend on text before it (no position-dependent cut)."""
    one = ingest(bench.PARAGRAPH, "s", "a.txt")
    many = ingest(bench.PARAGRAPH * 50, "s", "a.txt")
    first = {c.record["statedValue"] for c in one.proposed("observation")}
    assert first and first <= {c.record["statedValue"] for c in many.proposed("observation")}
    assert at_word_boundary(bench.PARAGRAPH, 0, 4)
