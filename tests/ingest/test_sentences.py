"""Sentence splitting: abbreviations, numbers, run-on periods, quotes."""

import pytest

from graph.ingest.sentences import split_sentences


@pytest.mark.parametrize(("text", "expected"), [
    ("Bộ TT&TT đã báo cáo. Thủ tướng dự.", ["Bộ TT&TT đã báo cáo.", "Thủ tướng dự."]),
    ("Doanh thu đạt 2,65 triệu tỷ đồng, 30.000 tỷ.Năm 2019 tăng.", ["Doanh thu đạt 2,65 triệu tỷ đồng, 30.000 tỷ.", "Năm 2019 tăng."]),
    ("Hội nghị tại TP. Hà Nội có ThS. Lê Văn B dự.", ["Hội nghị tại TP. Hà Nội có ThS. Lê Văn B dự."]),
    ("Cách mạng công nghiệp 4.0., góp phần. Hết", ["Cách mạng công nghiệp 4.0., góp phần.", "Hết"]),
    ('"Thế giới đã chuyển đổi." Ông nói.', ['"Thế giới đã chuyển đổi."', "Ông nói."]),
    ("Nhà nước… Theo xếp hạng 50/173.", ["Nhà nước…", "Theo xếp hạng 50/173."]),
    ("Việt Nam. . Tham dự", ["Việt Nam.", "Tham dự"]),
])
def test_split(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_index_the_text() -> None:
    text = "  Một câu.Hai câu.\nBa câu "
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text
