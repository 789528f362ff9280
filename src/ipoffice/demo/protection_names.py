"""Names, texts and plans of the protection demo: who works in which bureau, what each demo
case goes through (with how many days before the demo's today it was received), and made-up
parties. The companies are fictional; their credit codes are well formed, not real."""

from __future__ import annotations

import random
from typing import Any

from ipoffice.core.identifiers import org_code_check_char, uscc_check_char

# Region -> colleagues (username, display name). The demo officer handles Shenzhen's cases
# with two colleagues on the collegial panel; Guangzhou and Hangzhou have one officer each
# (every demo user costs a third of a second of password hashing), so their cases stop short
# of a panel.
COLLEAGUES: dict[str, list[tuple[str, str]]] = {
    "440300": [("sz-officer2", "李明（执法人员）"), ("sz-officer3", "周婷（执法人员）")],
    "440100": [("gz-officer", "黄伟（执法人员）")],
    "330100": [("hz-officer", "沈洁（执法人员）")],
}  # fmt: skip

# Region -> (plan, received at least, at most this many days before today).
PLANS: dict[str, list[tuple[str, int, int]]] = {
    "440300": [
        ("received", 0, 3), ("received", 1, 4), ("refused", 40, 300), ("accepted", 5, 12),
        ("accepted", 6, 15), ("handling", 25, 60), ("handling", 30, 70), ("suspended", 60, 200),
        ("resumed", 120, 200), ("mediated", 60, 330), ("mediated", 90, 300),
        ("decided", 150, 340), ("decided", 160, 330), ("decided", 200, 320),
        ("withdrawn", 60, 330), ("overdue", 140, 200), ("overdue", 150, 220),
        ("handling", 80, 95),
    ],
    "440100": [
        ("received", 0, 3), ("refused", 30, 300), ("accepted", 5, 14), ("handling", 25, 60),
        ("suspended", 60, 180), ("mediated", 60, 320), ("mediated", 150, 330),
        ("withdrawn", 50, 300), ("withdrawn", 120, 250), ("overdue", 140, 210),
    ],
    "330100": [
        ("received", 1, 4), ("accepted", 5, 12), ("handling", 30, 60), ("mediated", 60, 320),
        ("mediated", 150, 330), ("refused", 20, 200), ("withdrawn", 40, 300),
        ("overdue", 150, 200),
    ],
}  # fmt: skip

CITY = {"440300": "深圳市", "440100": "广州市", "330100": "杭州市"}
FIRST = ["宏", "盛", "恒", "锐", "精", "博", "联", "信", "泰", "华", "创", "远"]
SECOND = ["达", "通", "科", "源", "美", "晟", "途", "安", "拓", "德", "航", "力"]
TRADES = ["五金制品", "电子科技", "智能家居", "照明电器", "精密机械", "新能源科技", "医疗器械"]
SURNAMES = ["陈", "林", "黄", "张", "李", "王", "刘", "杨", "吴", "郑"]
GIVEN = ["晓", "建", "海", "丽", "伟", "敏", "强", "燕", "军", "霞"]
PRODUCTS = [
    ("一种可折叠的电动滑板车", "电动滑板车"),
    ("一种具有散热结构的LED灯具", "LED灯具"),
    ("一种智能门锁的离合机构", "智能门锁"),
    ("一种便携式榨汁杯", "榨汁杯"),
    ("一种无线充电装置", "无线充电器"),
    ("一种空气净化器的滤网组件", "空气净化器"),
    ("一种电动牙刷的驱动结构", "电动牙刷"),
]
DIGITS = "0123456789"


def uscc(rng: random.Random, region: str) -> str:
    """A well-formed unified social credit code (enterprise) registered in `region`."""
    body = "".join(rng.choice(DIGITS) for _ in range(8))
    first17 = "91" + region + body + org_code_check_char(body)
    return first17 + uscc_check_char(first17)


def organisation(rng: random.Random, region: str) -> dict[str, Any]:
    name = f"{CITY[region]}{rng.choice(FIRST)}{rng.choice(SECOND)}{rng.choice(TRADES)}有限公司"
    return {
        "kind": "organisation",
        "name": name,
        "uscc": uscc(rng, region),
        "address": f"{CITY[region]}{rng.randint(1, 300)}号",
    }


def person(rng: random.Random) -> dict[str, Any]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return {"kind": "person", "name": name}


def request_text(rng: random.Random) -> tuple[str, str]:
    """(title of the patent, the request's facts and grounds)."""
    title, product = rng.choice(PRODUCTS)
    text = (
        f"请求人系“{title}”专利的专利权人。被请求人未经许可制造、销售{product}，"
        "落入涉案专利权利要求的保护范围。请求责令被请求人立即停止侵权行为。"
    )
    return title, text


def claim_set(rng: random.Random) -> list[int]:
    return sorted(rng.sample(range(1, 11), rng.choice((1, 2, 3))))
