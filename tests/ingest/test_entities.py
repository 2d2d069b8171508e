"""Linking to the graph's names (with and without diacritics, NFD), people with posts, legal documents."""

import unicodedata

import pytest

from graph.ingest.linker import find_mentions, load_gazetteer
from graph.ingest.pipeline import ingest


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("Bộ trưởng Bộ TT&TT Nguyễn Mạnh Hùng báo cáo", "post", "minister-of-information-and-communications"),
    ("Bo truong Bo TT&TT Nguyen Manh Hung bao cao", "person", "nguyen-manh-hung"),
    ("Báo cáo của bo TT-TT", "agency", "mic"),
    ("theo đánh giá của Liên hiệp quốc", "agency", "united-nations"),
])
def test_linking(gazetteer, text: str, kind: str, expected: str) -> None:
    assert expected in {m.entry.id for m in find_mentions(text, gazetteer, (kind,))}


def test_diacritics_are_not_ignored_where_the_text_has_them(gazetteer) -> None:
    # "Bổ" is not "Bộ": folding applies only to text written without diacritics
    assert not find_mentions("Bổ TT&TT", gazetteer, ("agency",))


def test_common_noun_label_needs_a_capital(gazetteer) -> None:
    assert not find_mentions("xây dựng chính phủ số", gazetteer, ("agency",))
    assert {m.entry.id for m in find_mentions("trình Chính phủ ban hành", gazetteer, ("agency",))} == {"government"}


def test_nfd_input_gives_nfc_quotes_and_offsets() -> None:
    text = "Bộ trưởng Bộ Tài chính Trần Văn Khoa cho biết doanh thu ước đạt 1.250 tỷ đồng."
    result = ingest(unicodedata.normalize("NFD", text), "t", "t.txt")
    assert result.text == text
    for candidate in result.candidates[1:]:
        assert result.text[candidate.start:candidate.end] in text
        for quote in [candidate.record["quote"]]:
            assert quote in text
    assert any(c.kind == "observation" and c.record["value"] == 1250000000000 for c in result.candidates)


def test_people_and_their_posts() -> None:
    text = "Thứ trưởng Bộ Tài chính Trần Văn Khoa, Ủy viên Ban Cán sự Đảng kiêm Chủ tịch Hội Tin học, dự họp."
    result = ingest(text, "t", "t.txt")
    people = [c.record["label"]["vi"] for c in result.proposed("person")]
    posts = sorted(c.record["label"]["vi"] for c in result.proposed("post"))
    holdings = result.proposed("holding")
    assert people == ["Trần Văn Khoa"]
    assert "Thứ trưởng Bộ Tài chính" in posts and "Chủ tịch Hội Tin học" in posts
    assert len(holdings) == len(posts)
    named = {c.record["label"]["vi"] for c in result.proposed("agency")}
    assert "Hội Tin học" in named
    # a graph that knows the Ministry of Finance (web-dti-ministries.yaml) links it instead of proposing it again
    linked = set(result.linked("agency"))
    assert "Bộ Tài chính" in named or any(a.startswith("ministry-of-finance") for a in linked)


def test_known_person_and_post_are_linked_not_repeated() -> None:
    result = ingest("Thủ tướng Chính phủ Nguyễn Xuân Phúc phát biểu.", "t", "t.txt")
    assert not result.proposed("person") and not result.proposed("post")
    (holding,) = result.proposed("holding")
    assert (holding.record["holder"], holding.record["heldPost"]) == ("nguyen-xuan-phuc", "prime-minister")


@pytest.mark.parametrize(("text", "type_", "number", "issuer"), [
    ("Thực hiện Quyết định số 749/QĐ-TTg về chuyển đổi số.", "Decision", "749/QĐ-TTg", "prime-minister"),
    ("Chính phủ ban hành Nghị định 47/2024/NĐ-CP về dữ liệu.", "Decree", "47/2024/NĐ-CP", "government"),
    ("Quyết định số 12 của Thủ tướng Chính phủ về bưu chính.", "Decision", "12", "prime-minister"),
])
def test_legal_documents(text: str, type_: str, number: str, issuer: str | None) -> None:
    (legal,) = ingest(text, "t", "t.txt").proposed("legal")
    assert (legal.record["type"], legal.record["number"], legal.record.get("issuer")) == (type_, number, issuer)
    assert not ingest(text, "t", "t.txt").proposed("observation")  # the number is not a figure


def test_known_law_is_linked() -> None:
    result = ingest("Luật Giao dịch điện tử được sửa đổi.", "t", "t.txt")
    assert result.linked("legal") == ["e-transactions-law"] and not result.proposed("legal")
