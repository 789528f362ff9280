"""Planted filing patterns for Order No. 77 Art. 3(5), (6) and (7): who files, where, when and
through which agency.

`plant_filing_cases(rng, titles)` builds a batch of applications over `months` months:

- a background population of applicants with plausible Chinese company names, addresses in
  different provinces, telephone numbers, inventors and agencies, filing steadily at very
  different sizes (a few very large filers and a university, medium, small and occasional
  filers), some applicants written in two spellings of one name, a few joint applications, and
  some applications dated only by priority or not dated at all;
- hard negatives: firms that grow steadily, firms with a one-month spike below any volume
  threshold, a large filer with a year-end push, a corporate group whose companies share a
  telephone and e-mail and file steadily in one field from three provinces, a business
  centre's registration address shared by many small firms (a hub), a large agency serving one
  flooding client among many normal ones;
- planted bursts (small firms flooding one or two months with applications in unrelated fields
  by the same one or two inventors, mostly utility models), rings of shell companies linked by
  an address written in variants, a telephone number, inventors or an e-mail address, each
  filing moderately in one field within two months, across provinces, and agencies whose
  clients carry many findings.

Titles and their IPC subclasses come from real CN titles when given (`load_titles` reads
`cn_ipc/cn_titles_ipc_dev.csv`), or from a small built-in list. `earlier` simulates the findings
the other detectors would have made (the planted cases, findings on the bad agencies' other
clients, and a background of findings at `NOISE_RATE`), which the agency detector needs.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.findings import Finding

Title = tuple[str, tuple[str, ...]]

NOISE_RATE = 0.04  # share of ordinary applications the other detectors flag anyway
BAD_CLIENT_RATE = 0.45  # share of a bad agency's ordinary clients' applications flagged

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建新志宏宇浩凯健俊帆帅旭晨阳雪琳晶欣怡博文斌涛峰磊鑫睿泽轩然瑞嘉诚思远佳慧颖昊天翔宁安"  # noqa: E501
_BRAND = "华创科瑞达恒盛新源泰博联智汇鑫宏康利通信德安航远海天星辰鼎嘉禾润丰兴隆昌晟凯越腾飞祥云金银元亿峰诺维铭奥威宇"  # noqa: E501
_TRADES = ["科技", "电子", "机械", "新材料", "生物科技", "环保科技", "智能装备", "光电", "精密制造",
           "医疗器械", "化工", "信息技术", "自动化", "能源"]  # fmt: skip
# (province, city, area code, districts, roads)
_PLACES = [
    ("广东", "深圳", "755", "南山 宝安 龙岗 福田", "科技园 创业 宝安大道 深南"),
    ("广东", "广州", "20", "天河 黄埔 番禺", "天河北 科学城 中山大道"),
    ("江苏", "苏州", "512", "工业园 吴中 相城", "星湖 金鸡湖 东环"),
    ("浙江", "杭州", "571", "西湖 滨江 余杭", "文三 江南大道 文一西"),
    ("山东", "青岛", "532", "崂山 黄岛 城阳", "香港东 海尔 长江中"),
    ("四川", "成都", "28", "武侯 高新 双流", "天府大道 科华 益州"),
    ("湖北", "武汉", "27", "洪山 东湖 江夏", "光谷大道 珞喻 关山"),
    ("河南", "郑州", "371", "金水 高新 中原", "花园 科学大道 文化"),
    ("安徽", "合肥", "551", "蜀山 包河 高新", "望江西 创新大道 长江西"),
    ("福建", "厦门", "592", "思明 湖里 集美", "软件园 嘉禾 湖滨南"),
]
_FALLBACK_TITLES: list[Title] = [
    (f"一种{adj}{noun}", (sub,))
    for sub, noun in [("A61B", "医疗检测装置"), ("B65G", "输送装置"), ("G06F", "数据处理方法"),
                      ("H01M", "电池模组"), ("F16K", "阀门"), ("C08L", "复合材料组合物"),
                      ("A01K", "养殖设备"), ("E04B", "墙体结构"), ("H02J", "储能控制系统"),
                      ("G01N", "检测方法"), ("B23K", "焊接夹具"), ("A47J", "厨房器具")]
    for adj in ["新型", "便携式", "高效", "智能", "可调节", "节能", "多功能", "模块化"]
]  # fmt: skip


def load_titles(path: Path) -> list[Title]:
    """(title, IPC subclasses) rows of a `publication_number,title,ipc_subclasses` CSV."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (row["title"].strip(), tuple(s for s in row["ipc_subclasses"].split("|") if s))
            for row in csv.DictReader(handle)
            if row["title"].strip() and row["ipc_subclasses"].strip()
        ]


@dataclass
class FilingCases:
    documents: list[PatentDocument]
    truth: dict[str, set[str]]  # behaviour -> ids truly abnormal for it
    earlier: dict[str, list[Finding]]  # simulated findings of the other detectors
    as_of: date
    # What was planted, by case: entity names of bursts, rings, hubs, groups, bad agencies.
    planted: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class _Applicant:
    name: str
    place: tuple[str, str, str, str, str]
    address: str
    phone: str
    email: str
    fields: list[str]
    inventors: list[str]
    agency: str | None
    spellings: list[str] = field(default_factory=list)


@dataclass
class _Agency:
    name: str
    agents: list[str]


class _Builder:
    def __init__(self, rng: random.Random, titles: Sequence[Title], start: date, months: int):
        self.rng = rng
        self.titles = list(titles) or _FALLBACK_TITLES
        self.by_subclass: dict[str, list[Title]] = defaultdict(list)
        for title in self.titles:
            self.by_subclass[title[1][0]].append(title)
        self.fields = sorted(s for s, ts in self.by_subclass.items() if len(ts) >= 8)
        self.fields = self.fields or sorted(self.by_subclass)
        self.start = start
        self.months = months
        self.docs: list[PatentDocument] = []
        self.names: set[str] = set()
        self.earlier: dict[str, list[Finding]] = {}
        self.serial = 0
        self.agencies: dict[str, _Agency] = {}
        self.normal: list[_Agency] = []

    def pick(self) -> _Agency:
        """A normal agency; the first few are much larger than the rest."""
        weights = [len(self.normal) - i for i in range(len(self.normal))]
        return self.rng.choices(self.normal, weights)[0]

    # -- people and organisations ---------------------------------------------------------------

    def person(self) -> str:
        r = self.rng
        return r.choice(_SURNAMES) + "".join(r.choice(_GIVEN) for _ in range(r.choice((1, 2, 2))))

    def unique(self, make: str) -> str:
        r = self.rng
        while True:
            place = r.choice(_PLACES)
            brand = r.choice(_BRAND) + r.choice(_BRAND)
            if make == "agency":
                tail = r.choice(["专利代理事务所（普通合伙）", "知识产权代理有限公司"])
                name = f"{place[1]}{brand}{tail}"
            else:
                name = f"{place[1]}{brand}{r.choice(_TRADES)}有限公司"
            if name not in self.names:
                self.names.add(name)
                return name

    def address(self, place: tuple[str, str, str, str, str]) -> str:
        r = self.rng
        district, road = r.choice(place[3].split()), r.choice(place[4].split())
        return (
            f"{place[0]}省{place[1]}市{district}区{road}路{r.randint(1, 300)}号"
            f"{r.randint(1, 12)}栋{r.randint(1, 30)}{r.randint(1, 20):02d}室"
        )

    def phone(self, place: tuple[str, str, str, str, str]) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"1{r.choice('3578')}{r.randint(0, 999999999):09d}"
        return f"0{place[2]}-{r.randint(20000000, 89999999)}"

    def email(self) -> str:
        r = self.rng
        letters = "abcdefghijklmnopqrstuvwxyz"
        user = "".join(r.choice(letters) for _ in range(r.randint(4, 8)))
        return f"{user}@{''.join(r.choice(letters) for _ in range(5))}.com"

    def applicant(self, agency: _Agency | None, fields: int = 1, pool: int = 4) -> _Applicant:
        r = self.rng
        name = self.unique("company")
        place = next(p for p in _PLACES if name.startswith(p[1]))
        return _Applicant(
            name=name,
            place=place,
            address=self.address(place),
            phone=self.phone(place),
            email=self.email(),
            fields=r.sample(self.fields, min(fields, len(self.fields))),
            inventors=[self.person() for _ in range(pool)],
            agency=agency.name if agency else None,
        )

    def agency(self) -> _Agency:
        agents = [self.person() for _ in range(self.rng.randint(3, 8))]
        made = _Agency(self.unique("agency"), agents)
        self.agencies[made.name] = made
        return made

    # -- applications ----------------------------------------------------------------------------

    def month_start(self, month: int) -> date:
        year, index = divmod(self.start.month - 1 + month, 12)
        return date(self.start.year + year, index + 1, 1)

    def title(self, subclass: str | None) -> Title:
        pool = self.by_subclass.get(subclass or "") or self.titles
        text, subclasses = self.rng.choice(pool)
        if subclass:
            subclasses = (subclass, *(s for s in subclasses if s != subclass))
        return text, subclasses

    def file(
        self,
        who: _Applicant,
        month: int,
        *,
        subclass: str | None = None,
        inventors: Sequence[str] | None = None,
        utility: float = 0.4,
        address: str | None = None,
        contact: str | None = None,
        co_applicant: _Applicant | None = None,
    ) -> PatentDocument:
        r = self.rng
        self.serial += 1
        kind = "utility_model" if r.random() < utility else "invention"
        day = self.month_start(month) + timedelta(days=r.randint(0, 27))
        text, subclasses = self.title(subclass if subclass else r.choice(who.fields))
        names = inventors if inventors is not None else who.inventors
        spelling = r.choice(who.spellings) if who.spellings and r.random() < 0.3 else who.name
        agency = self.agencies.get(who.agency or "")
        doc = PatentDocument(
            id=f"CN{day.year}{1 if kind == 'invention' else 2}{self.serial:07d}",
            title=text,
            kind=kind,  # type: ignore[arg-type]
            lang="zh",
            abstract=f"本{'发明' if kind == 'invention' else '实用新型'}公开了{text}。",
            applicants=[spelling],
            inventors=r.sample(list(names), min(len(names), r.randint(1, 3))),
            agency=agency.name if agency else None,
            agents=r.sample(agency.agents, min(2, len(agency.agents))) if agency else [],
            filing_date=day,
            ipc=[f"{s} 1/00" for s in subclasses],
            jurisdiction="CN",
            addresses=[address or who.address],
            contacts=[contact or (who.phone if r.random() < 0.8 else who.email)],
        )
        if co_applicant is not None:
            doc.applicants.append(co_applicant.name)
            doc.addresses.append(co_applicant.address)
        roll = r.random()
        if roll < 0.01:  # only the priority date is known
            doc.filing_date, doc.priority_date = None, day
        elif roll < 0.015:  # no date at all
            doc.filing_date = None
        self.docs.append(doc)
        return doc

    def flag(self, doc_id: str, behaviour: str, related: Sequence[str] = ()) -> None:
        finding = Finding(behaviour, 0.7, {"planted": True}, tuple(related))
        self.earlier.setdefault(doc_id, []).append(finding)

    def steady(
        self, who: _Applicant, rates: Sequence[float], contact: str | None = None
    ) -> list[PatentDocument]:
        out = []
        for month, rate in enumerate(rates):
            count = _poisson(self.rng, rate * self.rng.uniform(0.8, 1.2))
            out += [self.file(who, month, contact=contact) for _ in range(count)]
        return out


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, mean**0.5)))
    limit, k, product = 2.718281828459045 ** (-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


_OTHER = (
    "duplicate_or_combination",
    "machine_generated",
    "fabricated_or_copied",
    "degraded_or_padded",
)
VOLUME, LINKED, AGENCY = "volume_without_capacity", "dispersed_linked_filings", "agency_involvement"


def plant_filing_cases(
    rng: random.Random,
    titles: Sequence[Title] = (),
    *,
    start: date = date(2023, 1, 1),
    months: int = 18,
    scale: float = 1.0,
) -> FilingCases:
    """The batch, the truth per behaviour and the simulated earlier findings. `scale` sizes the
    background population (the planted cases keep their size); `months` must be at least 8."""
    if months < 8:
        raise ValueError("the planted cases need at least 8 months")
    b = _Builder(rng, titles, start, months)
    b.normal = [b.agency() for _ in range(12)]
    bad = [b.agency() for _ in range(2)]
    planted: dict[str, list[str]] = defaultdict(list)
    planted["bad_agencies"] = [a.name for a in bad]
    _background(b, scale, planted)
    _group(b, planted)
    _hub(b, planted)
    bursts = _bursts(b, bad, planted)
    rings = _rings(b, bad, planted)
    for doc in b.docs:
        if doc.id in bursts:
            b.flag(doc.id, VOLUME)
        if doc.id in rings:
            b.flag(doc.id, LINKED)
    _bad_clients(b, bad, planted)
    for doc in b.docs:  # the other detectors' background of findings, on anyone
        if doc.id not in b.earlier and rng.random() < NOISE_RATE:
            b.flag(doc.id, rng.choice(_OTHER))
    bad_names = set(planted["bad_agencies"])
    truth = {
        VOLUME: bursts,
        LINKED: rings,
        AGENCY: {d.id for d in b.docs if d.agency in bad_names and d.id in b.earlier},
    }
    as_of = b.month_start(months) - timedelta(days=1)
    return FilingCases(b.docs, truth, b.earlier, as_of, dict(planted))


def _background(b: _Builder, scale: float, planted: dict[str, list[str]]) -> None:
    r, months = b.rng, b.months
    university = b.applicant(b.pick(), fields=6, pool=150)
    university.name = university.name.replace("有限公司", "理工大学")
    b.steady(university, [30.0] * months)
    for _ in range(max(1, round(2 * scale))):
        b.steady(b.applicant(b.pick(), fields=2, pool=80), [r.uniform(40, 80)] * months)
    seasonal = b.applicant(b.pick(), fields=2, pool=80)  # a year-end push, 2.5 times its month
    for month in range(months):
        push = b.month_start(month).month == 12
        for _ in range(150 if push else _poisson(r, 60)):
            b.file(seasonal, month)
    planted["steady_large"] = [university.name, seasonal.name]
    for size, low, high, pool in ((12, 6, 20, 12), (60, 1, 4, 5), (200, 0.1, 0.8, 3)):
        for _ in range(max(1, round(size * scale))):
            firm = b.applicant(b.pick() if size < 200 or r.random() > 0.15 else None, 1, pool)
            if r.random() < 0.2:
                firm.spellings = [firm.name.replace("有限公司", "股份有限公司")]
            for doc in b.steady(firm, [r.uniform(low, high)] * months):
                if size == 12 and r.random() < 0.05:  # joint applications with the university
                    doc.applicants.append(university.name)
                    doc.addresses.append(university.address)
    _uneven(b, scale, planted)


def _uneven(b: _Builder, scale: float, planted: dict[str, list[str]]) -> None:
    """Firms growing steadily from 1 to 15 a month, and firms with one busy month below any
    volume threshold."""
    r, months = b.rng, b.months
    for _ in range(max(1, round(2 * scale))):
        firm = b.applicant(b.pick())
        b.steady(firm, [1 + 14 * m / (months - 1) for m in range(months)])
        planted["growing"].append(firm.name)
    for _ in range(max(1, round(3 * scale))):
        firm = b.applicant(b.pick())
        spike = r.randint(4, months - 1)
        for month in range(months):
            for _ in range(r.randint(12, 16) if month == spike else _poisson(r, 2)):
                b.file(firm, month)
        planted["spiky"].append(firm.name)


def _group(b: _Builder, planted: dict[str, list[str]]) -> None:
    """A corporate group: four companies in three provinces sharing the group's IP department's
    telephone and e-mail, filing steadily in one field all year."""
    r = b.rng
    phone, email = b.phone(_PLACES[0]), b.email()
    contacts = [phone, f"+86 {phone}", email.upper(), email]
    subclass = r.choice(b.fields)
    for index in range(4):
        firm = b.applicant(b.pick())
        firm.place = _PLACES[index % 3]
        firm.address = b.address(firm.place)
        firm.fields = [subclass]
        for doc in b.steady(firm, [r.uniform(2, 5)] * b.months):
            doc.contacts = [r.choice(contacts)]
        planted["group"].append(firm.name)


def _hub(b: _Builder, planted: dict[str, list[str]]) -> None:
    """A business centre's registration address shared by 25 small firms (a hub)."""
    forms = ["江苏省苏州市工业园区星湖街328号创意产业园A座", "苏州工业园区星湖街328号创意产业园A座"]
    for _ in range(25):
        firm = b.applicant(b.pick())
        firm.address = b.rng.choice(forms)
        b.steady(firm, [b.rng.uniform(0.3, 2.0)] * b.months)
        planted["hub"].append(firm.name)


def _placed_month(doc: PatentDocument) -> date | None:
    day = doc.filing_date or doc.priority_date or doc.publication_date
    return day.replace(day=1) if day else None


def _bursts(b: _Builder, bad: list[_Agency], planted: dict[str, list[str]]) -> set[str]:
    """Eight firms flooding: four occasional filers for one month (one for two), a small and a
    medium one, a small one only just past the thresholds (24-28 in a month), and an occasional
    filer spreading its flood over a quarter at 14-17 a month; all but one in unrelated fields."""
    r, months = b.rng, b.months
    # (usual monthly rate, agency, burst months, applications a burst month, in its own field)
    plans = [
        (0.5, bad[0], 1, (30, 90), False),
        (0.3, bad[0], 1, (30, 90), False),
        (1.0, bad[0], 2, (30, 90), False),
        (1.5, bad[0], 1, (30, 90), True),
        (2.0, b.normal[0], 1, (30, 90), False),
        (6.0, b.normal[1], 1, (70, 70), False),
        (2.0, b.normal[4], 1, (24, 28), False),
        (0.5, bad[0], 3, (14, 17), False),
    ]
    truth: set[str] = set()
    for rate, agency, span, (low, high), coherent in plans:
        firm = b.applicant(agency, 1, 3)
        first = r.randint(6, months - 1 - span)
        helpers = [b.person() for _ in range(2)]
        docs: list[PatentDocument] = []
        for m in range(months):
            docs += [b.file(firm, m) for _ in range(_poisson(r, rate))]
            if not first <= m < first + span:
                continue
            for _ in range(r.randint(low, high)):
                subclass = firm.fields[0] if coherent else r.choice(b.fields)
                docs.append(b.file(firm, m, subclass=subclass, inventors=helpers, utility=0.8))
        wanted = {b.month_start(m) for m in range(first, first + span)}
        truth.update(d.id for d in docs if _placed_month(d) in wanted)
        planted["bursts"].append(firm.name)
    return truth


def _rings(b: _Builder, bad: list[_Agency], planted: dict[str, list[str]]) -> set[str]:
    """Four rings of shell companies, each filing moderately in one field within two months,
    linked by an address in variants, a mobile number, inventors or an e-mail address, and a
    fifth filing one member after another."""
    r = b.rng
    road, number = r.choice(["宝安大道", "创业", "新湖"]), r.randint(10, 300)
    addresses = [
        f"广东省深圳市宝安区{road}路{number}号3栋1208室",
        f"深圳市宝安区{road}路{number}号3号楼1208",
        f"广东深圳宝安区{road}路{number}号 3幢 1208房",
        f"中国广东省深圳市宝安区{road}路{number}号三栋一二零八室",
    ]
    mobile = f"139{r.randint(0, 99999999):08d}"
    phones = [f"+86 {mobile[:3]}-{mobile[3:7]}-{mobile[7:]}", f"0086 {mobile}", mobile,
              f"(+86){mobile}"]  # fmt: skip
    shared = [b.person() for _ in range(3)]
    email = b.email()
    emails = [email, email.upper(), email.capitalize()]
    truth: set[str] = set()
    for kind, agency in (("address", bad[1]), ("phone", bad[1]), ("inventors", b.normal[2]),
                         ("email", b.normal[3])):  # fmt: skip
        month, subclass = r.randint(3, b.months - 2), r.choice(b.fields)
        previous: list[str] = []
        for index in range(r.randint(4, 6)):
            firm = b.applicant(agency, 1, 2)
            firm.place = _PLACES[(index + r.randint(0, 9)) % len(_PLACES)]
            firm.address = b.address(firm.place)
            own: list[str] = []
            for _ in range(r.randint(3, 10)):
                doc = b.file(
                    firm,
                    month + r.randint(0, 1),
                    subclass=subclass,
                    address=r.choice(addresses) if kind == "address" else None,
                    contact=r.choice(phones if kind == "phone" else emails)
                    if kind in ("phone", "email")
                    else None,
                )
                if kind == "inventors":
                    doc.inventors = [*r.sample(shared, 2), r.choice(firm.inventors)]
                own.append(doc.id)
            if kind == "email" and previous:  # near-duplicates between members
                b.flag(own[0], "duplicate_or_combination", (previous[0],))
                b.flag(previous[0], "duplicate_or_combination", (own[0],))
            previous = own
            truth.update(own)
            planted[f"ring_{kind}"].append(firm.name)
    truth.update(_sequential_ring(b, bad[1], planted))
    return truth


def _sequential_ring(b: _Builder, agency: _Agency, planted: dict[str, list[str]]) -> set[str]:
    """Five shells filing one after another, two months each over ten months, in one building
    (different rooms) with one inventor in common: only weak links, which add up."""
    r = b.rng
    building = f"浙江省杭州市滨江区江南大道{r.randint(100, 999)}号{r.randint(1, 9)}幢"
    inventor = b.person()
    subclass = r.choice(b.fields)
    first = r.randint(0, b.months - 11)
    truth: set[str] = set()
    for index in range(5):
        firm = b.applicant(agency, 1, 2)
        firm.address = f"{building}{r.randint(2, 20)}{r.randint(1, 30):02d}室"
        for _ in range(r.randint(5, 9)):
            doc = b.file(firm, first + 2 * index + r.randint(0, 1), subclass=subclass)
            doc.inventors = [inventor, r.choice(firm.inventors)]
            truth.add(doc.id)
        planted["ring_sequential"].append(firm.name)
    return truth


def _bad_clients(b: _Builder, bad: list[_Agency], planted: dict[str, list[str]]) -> None:
    """Ordinary-looking clients of the bad agencies, many of whose applications are flagged."""
    r = b.rng
    for agency in bad:
        for _ in range(6):
            firm = b.applicant(agency)
            for doc in b.steady(firm, [r.uniform(1, 3)] * b.months):
                if r.random() < BAD_CLIENT_RATE:
                    b.flag(doc.id, r.choice(_OTHER))
            planted["bad_clients"].append(firm.name)
