"""The law on bad-faith trademark filings and the office's screening practice, as data.

Two kinds of rule live here and are kept apart on purpose:

- `LAW_RULES`: what the Trademark Law says, each version with its source and dates of effect.
  The version is chosen by the filing date (`law_rule_for`), and every assessment names it.
  The 2019 law (Art. 4, in force 2019-11-01) rejects applications "not intended for use"; the
  revised law (adopted 2026-06-26, in force 2027-01-01) asks for two elements together, "not
  intended for use" and "manifestly exceeding normal business needs", and adds warnings and
  fines. Article numbers of the revised law are marked *verify* (RULES.md).
- `Practice`: the figures at which the office starts to look (filings a year, classes, shares
  of resold or unused marks). These are office practice for screening, not law: no statute
  fixes them, an office may pass its own `Practice`, and a signal only ever asks a person to
  look.

`SECTORS` groups the 45 Nice classes by line of business: a business usually files within one
or two sectors, a hoarder across many. The grouping is office practice too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ipoffice.core.errors import InvalidInput

NOT_FOR_USE = "not_for_use"
EXCEEDS_NEEDS = "exceeds_needs"
ELEMENT_TITLES: dict[str, tuple[str, str]] = {
    NOT_FOR_USE: ("不以使用为目的", "not intended for use"),
    EXCEEDS_NEEDS: ("明显超出正常生产经营需要", "manifestly exceeding normal business needs"),
}


@dataclass(frozen=True)
class LawRule:
    """One version of the bad-faith ground: the elements an examiner must find, what follows."""

    id: str
    title_zh: str
    title_en: str
    elements: tuple[str, ...]
    consequences_zh: tuple[str, ...]
    consequences_en: tuple[str, ...]
    source: str
    effective_from: date
    effective_to: date | None = None

    def in_force_on(self, day: date) -> bool:
        ends = self.effective_to
        return self.effective_from <= day and (ends is None or day <= ends)


LAW_RULES: tuple[LawRule, ...] = (
    LawRule(
        id="tm_art4_2019",
        title_zh="不以使用为目的的恶意商标注册申请，应当予以驳回",
        title_en="A bad-faith application not intended for use shall be rejected",
        elements=(NOT_FOR_USE,),
        consequences_zh=(
            "驳回申请（第四条、第三十条）",
            "已注册的宣告无效（第四十四条第一款）",
            "商标代理机构知道或应当知道的予以处罚（第六十八条）",
        ),
        consequences_en=(
            "the application is rejected (Art. 4, 30)",
            "a registration is declared invalid (Art. 44(1))",
            "an agency that knew or should have known is penalised (Art. 68)",
        ),
        source="商标法（2019年修正）第四条、第四十四条第一款、第六十八条；"
        "规范商标申请注册行为若干规定（2019）第八条（考虑因素）",
        effective_from=date(2019, 11, 1),
        effective_to=date(2026, 12, 31),
    ),
    LawRule(
        id="tm_bad_faith_2027",
        title_zh="不以使用为目的且明显超出正常生产经营需要的商标注册申请，不予注册，"
        "并可给予警告、罚款",
        title_en="An application not intended for use and manifestly exceeding normal business "
        "needs is refused, with warnings and fines",
        elements=(NOT_FOR_USE, EXCEEDS_NEEDS),
        consequences_zh=(
            "不予注册",
            "由负责商标执法的部门给予警告、罚款（条文与数额待核实）",
        ),
        consequences_en=(
            "the application is refused",
            "warnings and fines by the trademark enforcement authority (article and amounts: "
            "verify)",
        ),
        source="修订后的商标法（2026年6月26日通过，2027年1月1日施行），条文序号待核实 (verify)",
        effective_from=date(2027, 1, 1),
    ),
)
LAW_RULES_BY_ID = {rule.id: rule for rule in LAW_RULES}


def law_rule_for(filing_date: date) -> LawRule:
    """The version of the bad-faith ground in force on `filing_date`."""
    for rule in LAW_RULES:
        if rule.in_force_on(filing_date):
            return rule
    first = min(rule.effective_from for rule in LAW_RULES)
    raise InvalidInput(
        f"no bad-faith rule for a filing on {filing_date.isoformat()}: the ground of "
        f"Trademark Law Art. 4 applies to filings from {first.isoformat()}",
        field="filing_date",
    )


# --- sectors of Nice classes (office practice) ---------------------------------------------

SECTORS: dict[str, tuple[tuple[str, str], tuple[int, ...]]] = {
    "materials": (("化工与材料", "chemicals and materials"), (1, 2, 4, 6, 17, 19)),
    "care": (("日化与日用", "personal care and household"), (3, 8, 21)),
    "health": (("医药与医疗", "medicine and health care"), (5, 10, 44)),
    "machines": (("机械与车辆", "machinery and vehicles"), (7, 12, 13)),
    "electronics": (("电子与信息", "electronics and information"), (9, 38, 42)),
    "home": (("家居与建筑", "home and building"), (11, 20, 27, 37)),
    "goods": (("珠宝、乐器与文具", "jewellery, instruments and stationery"), (14, 15, 16)),
    "fashion": (("纺织与服饰", "textiles and fashion"), (18, 22, 23, 24, 25, 26)),
    "leisure": (("文体娱乐", "sports, toys and entertainment"), (28, 41)),
    "food": (("食品饮料与餐饮", "food, drink and catering"), (29, 30, 31, 32, 33, 43)),
    "tobacco": (("烟草", "tobacco"), (34,)),
    "services": (("商业与其他服务", "business and other services"), (35, 36, 39, 40, 45)),
}
SECTOR_OF_CLASS: dict[int, str] = {
    number: code for code, (_, classes) in SECTORS.items() for number in classes
}


@dataclass(frozen=True)
class Levels:
    """A figure's thresholds for the levels low, medium, high (at or above)."""

    low: float
    medium: float
    high: float

    def level(self, value: float) -> int:
        """0 (none) to 3 (high)."""
        return sum(value >= bound for bound in (self.low, self.medium, self.high))


@dataclass(frozen=True)
class Practice:
    """The office's screening figures. Office practice, not law: configurable by passing
    another `Practice`; the defaults are starting points to be calibrated on the office's own
    confirmed cases."""

    # Filings of one applicant in the 12 months up to the reference date, and in total.
    volume_12m: Levels = field(default_factory=lambda: Levels(30, 60, 100))
    volume_total: Levels = field(default_factory=lambda: Levels(100, 200, 500))
    # Above this percentile of the applicants who filed in the same 12 months, with at least
    # `percentile_min_filings`, the volume is at least "low" whatever the absolute figures.
    percentile: float = 99.0
    percentile_min_filings: int = 10
    # Spread: Nice classes and sectors filed in; classes outside a recorded business scope.
    classes: Levels = field(default_factory=lambda: Levels(6, 10, 15))
    sectors: Levels = field(default_factory=lambda: Levels(3, 4, 6))
    outside_scope: Levels = field(default_factory=lambda: Levels(1, 4, 10))
    # Copies of famous or well-known marks and public figures' names.
    copies: Levels = field(default_factory=lambda: Levels(1, 1, 3))
    # Resale: a mark assigned (or offered) within this many months of registration.
    resale_months: int = 12
    resale_count: Levels = field(default_factory=lambda: Levels(1, 2, 3))
    resale_share: Levels = field(default_factory=lambda: Levels(0.0, 0.1, 0.3))
    # Non-use: registered at least this many years with no use evidence on record in them
    # (the period of the non-use cancellation ground, Trademark Law Art. 49).
    non_use_years: int = 3
    non_use_count: Levels = field(default_factory=lambda: Levels(1, 2, 5))
    non_use_share: Levels = field(default_factory=lambda: Levels(0.0, 0.5, 0.8))
    source: str = (
        "office screening practice (not law); factors of 规范商标申请注册行为若干规定（2019）第八条"
    )


DEFAULT_PRACTICE = Practice()
LEVEL_NAMES = ("none", "low", "medium", "high")
LEVEL_TITLES: dict[str, tuple[str, str]] = {
    "none": ("无", "none"),
    "low": ("低", "low"),
    "medium": ("中", "medium"),
    "high": ("高", "high"),
}
