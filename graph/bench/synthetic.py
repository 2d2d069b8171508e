"""A synthetic data set on the real ontology, for benchmarks at 10k, 100k and 1M triples.

It writes curated-format YAML (the same records as graph/data/*.yaml) and synthetic source texts
holding every quote, so that the result passes the same builder validation as the curated data:

    python3 -m graph.bench.synthetic 100k OUT_FOLDER [--seed 0]
    vdg build --data OUT_FOLDER/data --sources OUT_FOLDER/sources

Shape: the Government over ministries and the people's committees of the 63 provinces, with
departments and centres below them (a hierarchy several levels deep); posts in every agency,
people and their post holdings; policies and legal documents drafted and issued by agencies, each
with a history of status assertions; indicators with yearly observation series per province or
ministry. Records are spread over synthetic source documents of at most CHUNK records each (one
named graph per source, and short texts so the quote checks stay linear). Everything is drawn from
random.Random(seed): the same seed and size give byte-identical files.

A few records take the ids that the catalogue questions use as parameter defaults (mic,
nguyen-manh-hung, revenue, ict-sector-revenue-2018), so that those questions have answers.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from rdflib.namespace import SKOS

from graph.ingest.text import slugify
from graph.loader import load_kinds
from ontology import VDG, load_ontology

CHUNK = 500  # records per synthetic source document
ONTOLOGY_TRIPLES = 1071  # the ontology's own named graph, part of every build
YEARS = list(range(2015, 2025))

PROVINCES = [
    "Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "An Giang", "Bà Rịa - Vũng Tàu",
    "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước",
    "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
    "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]
MINISTRIES = [  # (id, vi, en)
    ("mic", "Bộ Thông tin và Truyền thông", "Ministry of Information and Communications"),
    ("mps", "Bộ Công an", "Ministry of Public Security"),
    ("mod", "Bộ Quốc phòng", "Ministry of National Defence"),
    ("mofa", "Bộ Ngoại giao", "Ministry of Foreign Affairs"),
    ("moha", "Bộ Nội vụ", "Ministry of Home Affairs"),
    ("moj", "Bộ Tư pháp", "Ministry of Justice"),
    ("mpi", "Bộ Kế hoạch và Đầu tư", "Ministry of Planning and Investment"),
    ("mof", "Bộ Tài chính", "Ministry of Finance"),
    ("moit", "Bộ Công Thương", "Ministry of Industry and Trade"),
    ("mard", "Bộ Nông nghiệp và Phát triển nông thôn", "Ministry of Agriculture and Rural Development"),
    ("mot", "Bộ Giao thông vận tải", "Ministry of Transport"),
    ("moc", "Bộ Xây dựng", "Ministry of Construction"),
    ("monre", "Bộ Tài nguyên và Môi trường", "Ministry of Natural Resources and Environment"),
    ("molisa", "Bộ Lao động - Thương binh và Xã hội", "Ministry of Labour, Invalids and Social Affairs"),
    ("mocst", "Bộ Văn hóa, Thể thao và Du lịch", "Ministry of Culture, Sports and Tourism"),
    ("most", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology"),
    ("moet", "Bộ Giáo dục và Đào tạo", "Ministry of Education and Training"),
    ("moh", "Bộ Y tế", "Ministry of Health"),
]
TOPICS = [("e-government", "Chính phủ điện tử", "E-government"),
          ("digital-economy", "Kinh tế số", "Digital economy"),
          ("digital-society", "Xã hội số", "Digital society"),
          ("digital-transformation", "Chuyển đổi số", "Digital transformation"),
          ("cybersecurity", "An toàn thông tin mạng", "Cybersecurity"),
          ("open-data", "Dữ liệu mở", "Open data"),
          ("online-public-services", "Dịch vụ công trực tuyến", "Online public services"),
          ("digital-signatures", "Chữ ký số", "Digital signatures")]
INDICATORS = [  # (id, vi, en, unit, decimals)
    ("revenue", "Doanh thu", "Revenue", "VND", False),
    ("online-public-services-share", "Tỷ lệ dịch vụ công trực tuyến", "Share of online public services", "Percent", True),
    ("broadband-subscriptions", "Số thuê bao băng rộng", "Broadband subscriptions", "Count", False),
    ("digital-enterprises", "Số doanh nghiệp công nghệ số", "Digital technology enterprises", "Count", False),
    ("e-document-share", "Tỷ lệ văn bản điện tử", "Share of electronic documents", "Percent", True),
    ("ict-workforce", "Nhân lực CNTT", "ICT workforce", "Count", False),
    ("digital-economy-share-of-grdp", "Tỷ trọng kinh tế số trong GRDP", "Digital economy share of GRDP", "Percent", True),
    ("ict-index-rank", "Xếp hạng chỉ số ICT Index", "ICT Index rank", "Rank", False),
    ("it-spending", "Chi ngân sách cho CNTT", "Budget spending on IT", "VND", False),
    ("smartphone-users", "Số người dùng điện thoại thông minh", "Smartphone users", "Count", False),
    ("cashless-payment-share", "Tỷ lệ thanh toán không dùng tiền mặt", "Share of cashless payments", "Percent", True),
    ("cyber-incidents", "Số sự cố an toàn thông tin", "Cybersecurity incidents", "Count", False),
]
POLICY_TYPES = [("Programme", "Chương trình", "Programme"), ("Project", "Đề án", "Project"),
                ("Plan", "Kế hoạch", "Plan"), ("Initiative", "Sáng kiến", "Initiative"),
                ("Framework", "Khung", "Framework"), ("Goal", "Mục tiêu", "Goal")]
LEGAL_TYPES = [("Decision", "Quyết định", "Decision", 6), ("Decree", "Nghị định", "Decree", 3),
               ("Law", "Luật", "Law", 1)]
DEPT_KINDS = [("Sở Thông tin và Truyền thông", "Department of Information and Communications"),
              ("Cục Chuyển đổi số", "Digital Transformation Agency"),
              ("Vụ Kế hoạch - Tài chính", "Planning and Finance Department"),
              ("Phòng Công nghệ thông tin", "IT Division"),
              ("Văn phòng", "Office"), ("Thanh tra", "Inspectorate"),
              ("Cục An toàn thông tin", "Authority of Information Security"),
              ("Phòng Dữ liệu số", "Digital Data Division")]
CENTRE_KINDS = [("Trung tâm Dữ liệu", "Data Centre"), ("Trung tâm Giám sát an toàn thông tin", "Security Monitoring Centre"),
                ("Trung tâm Phục vụ hành chính công", "Public Administration Service Centre")]
POST_KINDS = [("head", "Trưởng", "Head"), ("deputy", "Phó", "Deputy head"), ("secretary", "Chánh văn phòng", "Chief of office")]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thanh", "Hữu", "Quốc", "Ngọc", "Xuân", "Mạnh", "Thu", "Hồng"]
GIVEN = ["Hùng", "Lan", "Dũng", "Hương", "Tuấn", "Mai", "Long", "Hà", "Nam", "Phương", "Sơn", "Trang", "Bình",
         "Hải", "Linh", "Quang", "Thảo", "Việt", "Yến", "Khánh", "Phúc", "Thưởng", "Chính", "Hiếu"]
STATUS_FLOW = ["Drafted", "Proposed", "Submitted", "Approved", "Issued", "Implemented"]

SIZE = re.compile(r"^(\d+(?:\.\d+)?)([kKmM]?)$")


def parse_size(text: str) -> int:
    """'10k' -> 10000, '1M' -> 1000000, '2500' -> 2500."""
    match = SIZE.match(text.strip())
    if not match:
        raise ValueError(f"not a size like 10k, 100k, 1M: {text!r}")
    factor = {"": 1, "k": 1000, "m": 1_000_000}[match.group(2).lower()]
    return int(float(match.group(1)) * factor)


@lru_cache(maxsize=None)
def _class_triples(cls: str) -> int:
    """Triples the builder adds for a record's class: its aligned external types and, for a SKOS
    concept, the two skos:prefLabel."""
    onto = load_ontology()
    extra = len(onto.external_superclasses(VDG[cls]))
    return extra + (2 if onto.is_a(VDG[cls], SKOS.Concept) else 0)


@lru_cache(maxsize=None)
def _dated_keys() -> frozenset[str]:
    """Record keys whose dates the builder writes with a precision triple beside them."""
    return frozenset(name for name, prop in load_ontology().properties.items() if prop.precision is not None)


def record_triples(rec: dict[str, Any], cls: str | None = None) -> int:
    """Triples the builder makes of an evidence record of class cls (its `type` when it has one):
    type and aligned types, two labels, quotes, source link, the rest."""
    count = 2  # rdf:type, prov:wasDerivedFrom
    if cls or rec.get("type"):
        count += _class_triples(str(rec.get("type") or cls))
    for key, value in rec.items():
        if key in ("id", "type", "source"):
            continue
        if key in _dated_keys():
            count += 1  # its precision
        if key in ("label", "altLabel"):
            count += sum(len(v) if isinstance(v, list) else 1 for v in value.values())
        else:
            count += len(value) if isinstance(value, list) else 1
    return count


class _Generator:
    def __init__(self, target: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.target = target
        self.kinds = load_kinds()
        self.records: dict[str, list[dict[str, Any]]] = {k: [] for k in self.kinds if k != "source"}
        self.triples = ONTOLOGY_TRIPLES
        self.used: set[str] = set()
        self.serial = 0

    def unique(self, slug: str) -> str:
        if slug not in self.used:
            self.used.add(slug)
            return slug
        n = 2
        while f"{slug}-{n}" in self.used:
            n += 1
        self.used.add(f"{slug}-{n}")
        return f"{slug}-{n}"

    def add(self, kind: str, slug: str, vi: str, en: str, quote: str | None = None, **props: Any) -> str:
        """Add a record; its quote names it, and an ordinal keeps every quote distinct."""
        rid = self.unique(slug)
        self.serial += 1
        rec: dict[str, Any] = {"id": rid}
        if "type" in props:
            rec["type"] = props.pop("type")
        rec["label"] = {"vi": vi, "en": en}
        if "altLabel" in props:
            rec["altLabel"] = props.pop("altLabel")
        rec["source"] = ""  # assigned when the records are spread over sources
        rec["quote"] = quote or f"Theo thông tin số {self.serial}, {vi}"
        rec.update({k: v for k, v in props.items() if v is not None})
        self.records[kind].append(rec)
        self.triples += record_triples(rec, self.kinds[kind].cls)
        return rid

    # --- the fixed part -----------------------------------------------------------------------
    def skeleton(self) -> None:
        self.add("area", "vietnam", "Việt Nam", "Vietnam", type="Country")
        self.provinces: list[tuple[str, str]] = []  # (area id, committee id)
        for name in PROVINCES:
            slug = slugify(name.removeprefix("Thành phố "), limit=None)
            area = self.add("area", slug, name, ascii_name(name), type="Region")
            self.provinces.append((area, ""))
        for tid, vi, en in TOPICS:
            self.add("topic", tid, vi, en)
        self.government = self.add("agency", "government", "Chính phủ", "Government of Vietnam", type="GovernmentBody")
        self.ministries = []
        for mid, vi, en in MINISTRIES:
            extra: dict[str, Any] = {"altLabel": {"vi": ["Bộ TT&TT"], "en": ["MIC"]}} if mid == "mic" else {}
            self.ministries.append(self.add("agency", mid, vi, en, type="Ministry", subOrganizationOf=self.government,
                                            **extra))
        committees = []
        for (area, _), name in zip(self.provinces, PROVINCES):
            committees.append(self.add("agency", f"{area}-peoples-committee", f"Ủy ban nhân dân {name}",
                                       f"People's Committee of {ascii_name(name)}", type="GovernmentBody",
                                       subOrganizationOf=self.government))
        self.provinces = [(a, c) for (a, _), c in zip(self.provinces, committees)]
        self.agencies: list[tuple[str, str, str]] = [(a["id"], a["label"]["vi"], a["label"]["en"])
                                                      for a in self.records["agency"]]
        self.depth = {a[0]: 0 for a in self.agencies}
        self.posts: list[str] = []
        minister = self.add("post", "minister-of-information-and-communications", "Bộ trưởng Bộ Thông tin và Truyền thông",
                            "Minister of Information and Communications", postIn="mic")
        # the catalogue's default id, but a made-up person: synthetic data states nothing about real people
        person = self.add("person", "nguyen-manh-hung", "Cán bộ tổng hợp số 1", "Synthetic official no. 1")
        self.add("holding", "nguyen-manh-hung-minister-of-information-and-communications",
                 "Cán bộ tổng hợp số 1 – Bộ trưởng Bộ Thông tin và Truyền thông",
                 "Synthetic official no. 1 as Minister of Information and Communications",
                 holder=person, heldPost=minister, year=2018)
        self.posts.append(minister)
        self.indicators = []
        for iid, vi, en, unit, decimals in INDICATORS:
            self.add("indicator", iid, vi, en)
            self.indicators.append((iid, vi, en, unit, decimals))
        self.laws: list[str] = []
        self.series: set[tuple[str, str]] = set()
        self.observation("revenue", "mic", "Bộ Thông tin và Truyền thông", "Ministry of Information and Communications",
                         2018, oid="ict-sector-revenue-2018")

    # --- the repeated part --------------------------------------------------------------------
    def person_name(self) -> tuple[str, str]:
        vi = f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"
        return vi, ascii_name(vi)

    def department(self) -> None:
        rng = self.rng
        parent, pvi, pen = rng.choice(self.agencies)
        if self.depth[parent] >= 4:
            parent, pvi, pen = rng.choice(self.agencies[:1 + len(MINISTRIES) + len(PROVINCES)])
        if rng.random() < 0.25:
            vi, en = rng.choice(CENTRE_KINDS)
            kind, link = "StateCentre", {"operatedBy": parent}
        else:
            vi, en = rng.choice(DEPT_KINDS)
            kind, link = "GovernmentBody", {}
        vi, en = f"{vi} thuộc {pvi}", f"{en}, {pen}"
        aid = self.add("agency", slugify(f"{en}", limit=None)[:60].strip("-"), vi, en, type=kind, subOrganizationOf=parent,
                       **link)
        self.agencies.append((aid, vi, en))
        self.depth[aid] = self.depth[parent] + 1
        for code, pvi_, pen_ in POST_KINDS[: rng.choice((1, 2, 2, 3))]:
            post = self.add("post", f"{code}-{aid}"[:70].strip("-"), f"{pvi_} {vi}", f"{pen_}, {en}", postIn=aid)
            self.posts.append(post)
            for _ in range(rng.choice((1, 1, 2))):
                pvi2, pen2 = self.person_name()
                person = self.add("person", slugify(pen2, limit=None), pvi2, pen2)
                year = rng.choice(YEARS)
                self.add("holding", f"{person}-{post}"[:90].strip("-"), f"{pvi2} – {pvi_} {vi}", f"{pen2} as {pen_}, {en}",
                         holder=person, heldPost=post, year=year)

    def statuses(self, target: str, vi: str, en: str, agency: str, start: int) -> None:
        steps = self.rng.randint(1, 4)
        first = self.rng.randint(0, len(STATUS_FLOW) - steps)
        for i, status in enumerate(STATUS_FLOW[first:first + steps]):
            year = min(start + i, YEARS[-1])
            self.add("status", f"{target}-{status.lower()}-{year}", f"{vi}: {status} ({year})", f"{en}: {status} ({year})",
                     statusOf=target, status=status, statusAgent=agency, year=year,
                     submittedTo=self.government if status == "Submitted" else None)

    def policy(self) -> None:
        rng = self.rng
        cls, tvi, ten = rng.choice(POLICY_TYPES)
        agency, avi, aen = rng.choice(self.agencies)
        tid, topic_vi, topic_en = rng.choice(TOPICS)
        start = rng.choice(YEARS)
        vi, en = f"{tvi} {topic_vi.lower()} của {avi} giai đoạn {start}-{start + 5}", f"{ten} on {topic_en.lower()} of {aen}, {start}-{start + 5}"
        pid = self.add("policy", slugify(f"{ten}-{topic_en}-{aen}-{start}", limit=None)[:80].strip("-"), vi, en, type=cls,
                       ledBy=agency, drafter=agency, concerns=tid, startYear=start, endYear=start + 5)
        self.statuses(pid, vi, en, agency, start)

    def legal(self) -> None:
        rng = self.rng
        cls, tvi, ten, _ = rng.choices(LEGAL_TYPES, weights=[t[3] for t in LEGAL_TYPES])[0]
        drafter, dvi, den = rng.choice(self.agencies)
        tid, topic_vi, topic_en = rng.choice(TOPICS)
        year = rng.choice(YEARS)
        number = f"{rng.randint(1, 300)}/{year}"
        vi, en = f"{tvi} số {number} về {topic_vi.lower()}", f"{ten} No. {number} on {topic_en.lower()}"
        issuer = self.government if cls != "Decision" else rng.choice([self.government, drafter, *self.posts[:1]])
        props: dict[str, Any] = {"type": cls, "number": number, "issuer": issuer, "drafter": drafter, "concerns": tid}
        if cls == "Decree" and self.laws:
            props["implementsLaw"] = rng.choice(self.laws)
        lid = self.add("legal", slugify(f"{ten}-{number}-{topic_en}", limit=None), vi, en, **props)
        if cls == "Law":
            self.laws.append(lid)
        self.statuses(lid, vi, en, drafter, year)

    def observation(self, iid: str, subject: str, svi: str, sen: str, year: int, oid: str | None = None) -> None:
        _, ivi, ien, unit, decimals = next(i for i in self.indicators if i[0] == iid)
        if unit == "Percent":
            value = round(self.rng.uniform(5, 99), 1)
            stated = f"{value:.1f}%".replace(".", ",")
        elif unit == "Rank":
            value = self.rng.randint(1, 63)
            stated = f"{value}/63"
        else:
            value = self.rng.randint(100, 9_999_999)
            stated = f"{value:,}".replace(",", ".") + (" đồng" if unit == "VND" else "")
        area = subject if subject in {a for a, _ in self.provinces} else "vietnam"
        quote = f"Năm {year}, {ivi.lower()} của {svi} đạt {stated} (số liệu {self.serial + 1})"
        props: dict[str, Any] = {"indicator": iid, "subject": subject, "area": area, "value": value, "unit": unit,
                                 "period": year, "statedValue": stated, "reportedBy": "mic"}
        if unit == "Rank":
            props["outOf"] = 63
        self.add("observation", oid or f"{iid}-{subject}-{year}", f"{ivi} – {svi}, {year}", f"{ien} – {sen}, {year}",
                 quote=quote, **props)

    def series_of_observations(self) -> None:
        rng = self.rng
        for _ in range(20):
            iid = rng.choice(self.indicators)[0]
            if rng.random() < 0.7:
                area, _ = rng.choice(self.provinces)
                rec = next(r for r in self.records["area"] if r["id"] == area)
                subject, svi, sen = area, rec["label"]["vi"], rec["label"]["en"]
            else:
                subject, svi, sen = rng.choice(self.agencies)
            if (iid, subject) not in self.series:
                break
        else:
            return
        self.series.add((iid, subject))
        for year in YEARS:
            if (iid, subject) == ("revenue", "mic") and year == 2018:
                continue
            self.observation(iid, subject, svi, sen, year)

    def run(self) -> None:
        self.skeleton()
        steps = [self.department, self.department, self.policy, self.legal, self.series_of_observations]
        while self.triples < self.target:
            step = self.rng.choices(steps, weights=[3, 3, 2, 2, 1])[0]
            step()


def ascii_name(text: str) -> str:
    """The name without diacritics, for English labels ('Đắk Lắk' -> 'Dak Lak')."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def generate(target: int, seed: int = 0) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]], dict[str, str]]:
    """Records by kind, the source records and the text of each source file, for about target triples."""
    gen = _Generator(target, seed)
    gen.run()
    sources: list[dict[str, Any]] = []
    texts: dict[str, str] = {}
    everything = [rec for recs in gen.records.values() for rec in recs]
    for start in range(0, len(everything), CHUNK):
        n = start // CHUNK + 1
        sid, name = f"synthetic-{n:05d}", f"synthetic-{n:05d}.txt"
        chunk = everything[start:start + CHUNK]
        for rec in chunk:
            rec["source"] = sid
        sources.append({"id": sid, "type": "SourceDocument",
                        "label": {"vi": f"Tài liệu tổng hợp số {n}", "en": f"Synthetic document {n}"},
                        "fileName": name, "language": "vi"})
        texts[name] = "\n".join(str(r["quote"]) for r in chunk) + "\n"
    return gen.records, sources, texts


def estimated_triples(records: dict[str, list[dict[str, Any]]], sources: list[dict[str, Any]]) -> int:
    """The triples the builder will make (ontology graph included)."""
    kinds = load_kinds()
    return ONTOLOGY_TRIPLES + sum(record_triples(r, kinds[k].cls) for k, recs in records.items() for r in recs) + 5 * len(sources)


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write(folder: Path, target: int, seed: int = 0) -> tuple[Path, Path]:
    """Write data/*.yaml and sources/*.txt under folder; return (data dir, sources dir)."""
    records, sources, texts = generate(target, seed)
    kinds = load_kinds()
    data, src = Path(folder) / "data", Path(folder) / "sources"
    data.mkdir(parents=True, exist_ok=True)
    src.mkdir(parents=True, exist_ok=True)
    for kind, recs in [("source", sources), *records.items()]:
        text = yaml.dump(recs, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
        header = f"# Synthetic {kind} records: {len(recs)} (target {target} triples, seed {seed}).\n"
        (data / kinds[kind].file).write_text(header + text, encoding="utf-8")
    for name, text in texts.items():
        (src / name).write_text(text, encoding="utf-8")
    return data, src


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m graph.bench.synthetic", description=__doc__.split("\n\n")[0])
    ap.add_argument("size", help="about how many triples: 10k, 100k, 1M")
    ap.add_argument("folder", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    data, src = write(args.folder, parse_size(args.size), args.seed)
    print(f"wrote {data} and {src}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
