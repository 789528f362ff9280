"""Demo trademark register: a few hundred realistic word marks with goods at group level.

Names are composed from syllables in the style of `demo/names.py`; goods use a short list of
similar groups written here (code, Chinese, English), so the demo needs no goods table file.
Marks of the demo's trademark applications are linked to them; the rest stand for marks filed
before the platform or by other routes. Same seed, same register.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.applications.models import Application
from ipoffice.core.identity import Principal
from ipoffice.demo import names
from ipoffice.parties.models import Party
from ipoffice.trademarks.register import do_mark_well_known, do_register_mark
from ipoffice.trademarks.schemas import MarkCreate

# (group code, Chinese, English): common similar groups of goods and services.
GROUPS: list[tuple[str, str, str]] = [
    ("0301", "洗涤用品", "soaps and detergents"),
    ("0306", "化妆品", "cosmetics"),
    ("0501", "药品", "pharmaceuticals"),
    ("0901", "计算机及外部设备", "computers and peripherals"),
    ("0907", "通信设备", "communication devices"),
    ("0910", "测量仪器", "measuring instruments"),
    ("0922", "电池和充电器", "batteries and chargers"),
    ("1109", "卫生设备", "sanitary installations"),
    ("1606", "印刷出版物", "printed publications"),
    ("2001", "家具", "furniture"),
    ("2101", "厨房用具", "kitchen utensils"),
    ("2501", "服装", "clothing"),
    ("2507", "鞋", "footwear"),
    ("2801", "玩具和娱乐用品", "toys and games"),
    ("3002", "茶和茶饮料", "tea and tea drinks"),
    ("3006", "面包和糕点", "bread and pastry"),
    ("3201", "啤酒", "beer"),
    ("3202", "软饮料", "soft drinks"),
    ("3301", "酒类", "alcoholic beverages"),
    ("3501", "广告", "advertising"),
    ("3502", "商业管理辅助", "business management assistance"),
    ("3601", "保险", "insurance"),
    ("3802", "通信服务", "telecommunication services"),
    ("3901", "运输服务", "transport services"),
    ("4101", "教育", "education"),
    ("4209", "科学技术研究", "scientific research"),
    ("4220", "软件开发", "software development"),
    ("4301", "餐饮服务", "restaurant services"),
    ("4401", "医疗服务", "medical services"),
]

EXTRA_SYLLABLES: list[tuple[str, str]] = [
    ("美", "Mei"),
    ("佳", "Jia"),
    ("康", "Kang"),
    ("悦", "Yue"),
    ("锐", "Rui"),
    ("启", "Qi"),
    ("逸", "Yi"),
    ("澜", "Lan"),
]
LATIN_WORDS = ["Nova", "Lumi", "Vela", "Orion", "Axis", "Zest", "Kairo", "Mira", "Tero", "Sola"]


def mark_text(rng: random.Random) -> str:
    """A coined brand name: two or three syllables, Chinese, pinyin or Latin, with a suffix."""
    syllables = names.BRAND_SYLLABLES + EXTRA_SYLLABLES
    shape = rng.random()
    if shape < 0.55:
        parts = rng.sample(syllables, rng.choice((2, 2, 3)))
        suffix = rng.choice(names.MARK_SUFFIXES)[0]
        return "".join(p[0] for p in parts) + suffix
    if shape < 0.8:
        parts = rng.sample(syllables, 2)
        return (
            "".join(p[1] for p in parts).upper()
            if rng.random() < 0.3
            else (parts[0][1] + parts[1][1].lower())
        )
    return rng.choice(LATIN_WORDS) + rng.choice(["", " Lab", "GO", " Plus", "ia"])


def _goods(rng: random.Random) -> list[dict[str, str]]:
    picked = rng.sample(GROUPS, rng.choice((1, 1, 2, 3)))
    return [{"code": code, "name": zh} for code, zh, _en in picked]


def _goods_of_classes(classes: list[int]) -> list[dict[str, str]]:
    """A group of each class where the demo knows one, else the class itself."""
    lines = []
    for number in classes:
        group = next((g for g in GROUPS if int(g[0][:2]) == number), None)
        lines.append({"code": group[0], "name": group[1]} if group else {"code": str(number)})
    return lines


# The mark's status for its application's status.
APPLICATION_STATUS = {
    "preliminary_approval": "preliminarily_approved",
    "registered": "registered",
    "refused": "refused",
    "withdrawn": "withdrawn",
    "deemed_withdrawn": "withdrawn",
}


def _linked_mark(rng: random.Random, application: Application) -> MarkCreate:
    classes = [int(c) for c in (application.nice_classes or "").split(",") if c]
    status = APPLICATION_STATUS.get(application.status, "filed")
    return MarkCreate.model_validate(
        {
            "kind": "word",
            "text": application.title,
            "applicant_id": application.applicant_id,
            "goods": _goods_of_classes(classes or [rng.choice((9, 35, 42))]),
            "application_number": application.number,
            "status": status,
            "registration_date": (application.decision_date or application.filing_date)
            if status == "registered"
            else None,
        }
    )


def _status(rng: random.Random, filed: date, today: date) -> tuple[str, date | None]:
    age = (today - filed).days
    if age < 270:
        return ("filed" if age < 120 or rng.random() < 0.4 else "preliminarily_approved"), None
    roll = rng.random()
    if roll < 0.1:
        return "refused", None
    registered = filed + timedelta(days=rng.randint(270, 420))
    if registered > today:
        return "preliminarily_approved", None
    return "registered", registered


def seed_marks(
    session: Session,
    rng: random.Random,
    *,
    examiner: Principal,
    applicants: list[Party],
    today: date,
    count: int = 300,
) -> int:
    """Enter `count` demo marks (those of the demo's trademark applications first)."""
    entered = 0
    linked = session.scalars(
        select(Application).where(Application.kind == "trademark").order_by(Application.id)
    ).all()
    for application in linked[:count]:
        do_register_mark(session, actor=examiner, data=_linked_mark(rng, application))
        entered += 1
    start = date(2012, 1, 1)
    span = (today - start).days
    while entered < count:
        filed = start + timedelta(days=rng.randint(0, span))
        status, registered = _status(rng, filed, today)
        data = MarkCreate.model_validate(
            {
                "kind": "word",
                "text": mark_text(rng),
                "applicant_id": rng.choice(applicants).id,
                "goods": _goods(rng),
                "filing_date": filed,
                "status": status,
                "registration_date": registered,
            }
        )
        mark, created = do_register_mark(session, actor=examiner, data=data)
        entered += int(created)
        if created and status == "registered" and filed.year < 2016 and rng.random() < 0.05:
            do_mark_well_known(
                session,
                actor=examiner,
                number=mark.number,
                basis=f"演示数据：驰名商标认定第{mark.number}号",
                recognized_on=min(today, date(filed.year + 8, 6, 30)),
                expected_version=mark.version,
            )
    return entered
