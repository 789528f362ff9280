"""A generated register for conflict-search tests: thousands of coined marks, no shared data.

Chinese marks are two to four characters drawn from characters common in brand names, with
a generic suffix now and then; Latin marks are coined from syllables. Goods are one to three
similar groups; dates, statuses and applicants vary. Same seed, same register.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from ipoffice.trademarks.conflict_index import IndexRecord

CHARS = (
    "华瑞中科创新腾达联智光海天恒博源星宇德信美佳悦锐启逸澜金银龙凤福禄寿喜安泰和顺隆昌盛"
    "兴旺富贵鑫鼎晨阳明月春秋云山水林森木石玉珠宝丽雅秀芳兰梅竹菊蓝绿红紫青橙乐尚品优"
)
SUFFIXES = ("", "", "", "", "优品", "食品", "科技", "坊", "家", "堂", "居")
SYLLABLES = ("ka", "ro", "li", "ne", "va", "to", "mi", "sa", "ze", "lu", "or", "ix", "an", "te")
GROUPS = ("0301", "0306", "0501", "0901", "0907", "2501", "3002", "3006", "3202", "3501", "4301")
STATUSES = ("registered",) * 6 + ("filed", "preliminarily_approved", "refused")


def _text(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return "".join(rng.sample(CHARS, rng.choice((2, 2, 3, 4)))) + rng.choice(SUFFIXES)
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3))))
    return word.capitalize()


def record(
    mark_id: int,
    text: str,
    groups: tuple[str, ...] = ("3002",),
    *,
    filed: date = date(2016, 5, 4),
    priority: date | None = None,
    status: str = "registered",
    well_known: bool = False,
    applicant: int | None = None,
    phash: str | None = None,
) -> IndexRecord:
    return IndexRecord(
        id=mark_id,
        number=str(mark_id),
        text=text,
        filing_date=filed,
        priority_date=priority,
        classes=frozenset(int(g[:2]) for g in groups),
        groups=frozenset(groups),
        coarse_classes=frozenset(),
        status=status,
        well_known=well_known,
        applicant_id=applicant,
        phash=phash,
    )


def generated_register(count: int, *, seed: int = 7, first_id: int = 1) -> list[IndexRecord]:
    rng = random.Random(seed)
    records = []
    for i in range(count):
        groups = tuple(rng.sample(GROUPS, rng.choice((1, 1, 2, 3))))
        phash = f"{rng.getrandbits(64):016x}" if rng.random() < 0.2 else None
        records.append(
            record(
                first_id + i,
                _text(rng),
                groups,
                filed=date(2010, 1, 1) + timedelta(days=rng.randrange(5000)),
                status=rng.choice(STATUSES),
                applicant=rng.randrange(1, 500),
                phash=phash,
            )
        )
    return records
