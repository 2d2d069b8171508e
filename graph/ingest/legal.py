"""Legal documents: "Quyết định số 45 của Thủ tướng", "Nghị định 13/2023/NĐ-CP", "Luật Giao dịch
điện tử", with their type, number and issuer where stated."""

from __future__ import annotations

import re

from graph.ingest.candidates import Candidate
from graph.ingest.linker import Mention, link_name
from graph.ingest.spans import Context, capitalised_run, name_end, quote_window, record

# 749/QĐ-TTg, 47/2024/NĐ-CP, 17; a Party document: 57-NQ/TW, 36-CT/TW (kind before the slash, issuer after)
NUMBER = (r"(?:\d+-[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*"
          r"|\d+(?:/\d{4})?(?:/[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*)?)")
_LISTED = re.compile(r"(?:\s*,\s*|\s+và\s+)(\d+)(?![\d/,.]\d|[\w/])")
_MORE = re.compile(r", (\w+)")
_TOPIC = re.compile(r"\s+(về|quy định)")
ENGLISH = {"Decision": "Decision", "Decree": "Decree", "Law": "Law", "Resolution": "Resolution",
           "LegalDocument": "Legal document"}


def extract_legal(ctx: Context) -> list[tuple[int, int]]:
    """Propose the legal documents the article names that the graph does not know; returns the
    spans of document numbers, which are not figures."""
    types = ctx.patterns.table("legal", "types")
    codes = ctx.patterns.table("legal", "issuer_codes")
    need_number = {w.lower() for w in ctx.patterns.words("legal", "need_number")}
    heads = "|".join(re.escape(t) for t in sorted(types, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)({heads})(?:\s+(số))?(?:\s+({NUMBER}))?(?!\w)", re.IGNORECASE)
    excluded: list[tuple[int, int]] = []
    for match in pattern.finditer(ctx.text):
        head = match.group(1)
        type_name = next(v for k, v in types.items() if k.lower() == head.lower())
        number = match.group(3)
        if number:
            excluded.append((match.start(3), match.end(3)))
            for extra in _more_numbers(ctx.text, match.end(3)):  # "Nghị quyết 01, 02": two documents
                excluded.append(extra.span(1))
                _propose_listed(ctx, head, type_name, extra, match.start())
        elif not head[0].isupper() and not _TOPIC.match(ctx.text, match.end()):
            continue  # "luật" in running text
        elif head.lower() in need_number:
            continue  # "thông báo" without a number is a verb or a common noun
        sentence = ctx.sentence_at(match.start())
        end = _name_end(ctx, match.end(), sentence.end)
        if number is None and type_name == "Law":
            end = capitalised_run(ctx.text, match.end(), sentence.end, tail=3)
        if end <= match.end() and not number:
            continue
        end = max(end, match.end())
        if ctx.covered(match.start(), match.end(), ("legal",)):
            continue  # the graph knows the document by this name
        name = " ".join(ctx.text[match.start():end].split())
        short = f"legal-number:{type_name}:{head.lower()}:{number.split('/')[0]}" if number else None
        if number and "/" not in number and short in ctx.new_ids:
            continue  # "Nghị quyết 17" after "Nghị quyết số 17/NQ-CP": the same document, proposed once
        known = link_name(name, ctx.gazetteer, ("legal",))
        if known is not None:  # a known document, worded a little differently (a misprint)
            ctx.mentions.setdefault("legal", []).append(Mention(match.start(), end, known.entry, known.confidence))
            continue
        issuer = _issuer(ctx, match.end(), end, number, codes)
        a, b = quote_window(ctx.text, sentence, match.start(), end)
        quote = ctx.text[a:b]
        label_en = f"{ENGLISH[type_name]} No. {number}" if number else None

        def make(new_id: str, type_name: str = type_name, name: str = name, label_en: str | None = label_en,
                 quote: str = quote, number: str | None = number, issuer: str | None = issuer,
                 start: int = match.start(), stop: int = end) -> Candidate:
            note = "new legal document; translate the English label" if not label_en else "new legal document"
            return Candidate("legal", record(type_name, new_id, name, label_en, ctx.source, quote,
                                             number=number, issuer=issuer), start, stop,
                             0.8 if number else 0.6, "legal", note)

        new_id = ctx.propose("legal", name, make)
        if short:
            ctx.new_ids.setdefault(short, new_id)
    return excluded


def _more_numbers(text: str, at: int) -> list[re.Match[str]]:
    """The bare numbers listed right after a document's number (", 02", " và 03")."""
    found = []
    while (more := _LISTED.match(text, at)) is not None:
        found.append(more)
        at = more.end()
    return found


def _propose_listed(ctx: Context, head: str, type_name: str, more: re.Match[str], start: int) -> None:
    """A document named only by its number in a list after another of its type."""
    number = more.group(1)
    name = f"{head[:1].upper()}{head[1:]} {number}"
    if ctx.covered(more.start(1), more.end(1), ("legal",)) or link_name(name, ctx.gazetteer, ("legal",), cutoff=1.0):
        return
    a, b = quote_window(ctx.text, ctx.sentence_at(start), start, more.end())
    quote = ctx.text[a:b]
    ctx.propose("legal", name, lambda new_id: Candidate(
        "legal", record(type_name, new_id, name, f"{ENGLISH[type_name]} No. {number}", ctx.source, quote, number=number),
        more.start(1), more.end(1), 0.6, "legal", "new legal document named by its number in a list after another"))


def _name_end(ctx: Context, start: int, limit: int, max_words: int = 30) -> int:
    """Where a document's name ends: at a stop word or punctuation, but over the commas of a list
    inside its "về" topic ("về quản lý, kết nối chia sẻ dữ liệu số, nhằm …" ends before "nhằm")."""
    section = ctx.patterns.section("legal")
    stops, compounds = set(section["stops"]), frozenset(section["compounds"])
    end = name_end(ctx.text, start, limit, stops, max_words, compounds)
    while " về " in ctx.text[start:end]:
        more = _MORE.match(ctx.text, end, limit)
        if not more or not more.group(1).islower() or more.group(1) in stops:
            break
        after = name_end(ctx.text, end + 1, limit, stops, max_words, compounds)
        if after <= end + 1:
            break
        end = after
    return end


def _issuer(ctx: Context, after: int, end: int, number: str | None, codes: dict[str, str]) -> str | None:
    """The issuer as stated: "của <agency or post>" after the number, or the code in the number."""
    of = re.match(r"\s+của\s+", ctx.text[after:end + 40])
    if of:
        at = after + of.end()
        found = ctx.mention_at(("post", "agency"), at)
        if found:
            return found.entry.id
    if number and "-" in number:
        party = re.fullmatch(r"\d+-[^/]+/(.+)", number)  # 57-NQ/TW: the issuer after the slash
        code = party.group(1) if party else number.rsplit("-", 1)[1]
        if code in codes:
            known = link_name(codes[code], ctx.gazetteer, ("post", "agency"), cutoff=1.0)
            if known:
                return known.entry.id
    return None
