"""How long `vdg ingest` takes on long articles: prints the numbers, asserts nothing.

``python3 -m graph.bench.ingest [--sizes 200k,1M,5M]`` ingests synthetic articles of each size in
three shapes: ``prose`` (a fictitious news paragraph with figures, agencies, people, legal
documents, repeated), ``run-on`` (the same words with no sentence end: every sentence is cut at
MAX_SENTENCE characters) and ``dots`` ("a.a.a.…": a period every two characters). For each it
prints the characters, the wall and CPU seconds, the characters per CPU second and the number of
candidates; time should grow linearly with the size (the ratio column compares each size's CPU
time per character with the smallest size's).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from graph.ingest.pipeline import ingest
from graph.ingest.text import nfc

# Invented for the benchmark: no real article, agency head or figure.
PARAGRAPH = nfc(
    "Sáng 12/3/2031, Bộ Thí nghiệm Số tổ chức Hội nghị tổng kết năm 2030. Thứ trưởng Bộ Thí nghiệm Số "
    "Trần Văn Thử cho biết doanh thu của ngành dữ liệu thử nghiệm đạt khoảng 1.234 tỷ đồng, tăng 7% so "
    "với năm 2029; có hơn 900/3.000 hệ thống đã kết nối. Theo Quyết định số 999/QĐ-TTg, Ủy ban quốc gia "
    "về thử nghiệm số giao Trung tâm Dữ liệu Thử nghiệm triển khai Đề án Thử nghiệm Số đến năm 2035. "
    "Chỉ số thử nghiệm số của Việt Nam đạt 0,6667, xếp thứ 86 trên 193 quốc gia.\n"
)
SHAPES: dict[str, Callable[[int], str]] = {
    "prose": lambda size: (PARAGRAPH * (size // len(PARAGRAPH) + 1))[:size],
    "run-on": lambda size: ((PARAGRAPH.replace(".", " ").replace("\n", " ")) * (size // len(PARAGRAPH) + 1))[:size],
    "dots": lambda size: ("a." * (size // 2 + 1))[:size],
}


def parse_size(text: str) -> int:
    """"200k" -> 200000, "5M" -> 5000000."""
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def run(sizes: list[int], shapes: list[str], say: Callable[[str], None]) -> list[tuple[str, int, float, float, int]]:
    """(shape, characters, wall s, CPU s, candidates) for each shape and size."""
    rows = []
    for shape in shapes:
        for size in sizes:
            text = SHAPES[shape](size)
            wall, cpu = time.perf_counter(), time.process_time()
            result = ingest(text, "bench-article", "bench.txt")
            rows.append((shape, len(text), time.perf_counter() - wall, time.process_time() - cpu, len(result.candidates)))
            say(f"{shape} {len(text):,} characters: {rows[-1][3]:.2f} s CPU")
    return rows


def table(rows: list[tuple[str, int, float, float, int]]) -> str:
    """The rows as a text table."""
    lines = [f"{'shape':<7} {'characters':>11} {'wall s':>7} {'CPU s':>7} {'chars/CPU s':>12} {'ratio':>6} {'candidates':>10}"]
    first: dict[str, float] = {}
    for shape, size, wall, cpu, found in rows:
        per = cpu / size
        base = first.setdefault(shape, per)
        lines.append(f"{shape:<7} {size:>11,} {wall:>7.2f} {cpu:>7.2f} {size / cpu if cpu else 0:>12,.0f} "
                     f"{per / base if base else 0:>6.2f} {found:>10,}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 2 on a bad --sizes or --shapes."""
    parser = argparse.ArgumentParser(prog="python3 -m graph.bench.ingest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="200k,1M,5M", help="comma-separated sizes in characters (k, M)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated, of {', '.join(SHAPES)}")
    args = parser.parse_args(argv)
    try:
        sizes = [parse_size(s) for s in args.sizes.split(",")]
    except ValueError:
        print(f"bench: --sizes {args.sizes!r}: use numbers such as 200k,1M,5M", file=sys.stderr)
        return 2
    shapes = args.shapes.split(",")
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown or any(s <= 0 for s in sizes):
        print(f"bench: --shapes {', '.join(unknown)} unknown or a size not positive", file=sys.stderr)
        return 2
    rows = run(sizes, shapes, lambda message: print(message, file=sys.stderr, flush=True))
    print(table(rows), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
