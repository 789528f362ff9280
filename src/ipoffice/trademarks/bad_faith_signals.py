"""Signals of bad-faith filing computed from an applicant's facts, and how they combine under
the law rule in force.

Each signal carries its level (none, low, medium, high), the elements of the law it speaks to
(`not_for_use`, `exceeds_needs`), its figures, the marks behind them and the rule or practice it
rests on. Combination (`combine`): for each element the rule requires, the strongest signal
supporting it; the rule's level is the weakest of those (every element must be shown). A copy
of a famous name is a ground of its own (Art. 10, 13, 32) and counts whatever the Art. 4
version. The result is a risk for the examiner to look at, never a decision.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ipoffice.core.calendar import add_months
from ipoffice.trademarks.applicant_profile import ApplicantFacts, FiledMark, percentile_of
from ipoffice.trademarks.bad_faith_rules import (
    ELEMENT_TITLES,
    EXCEEDS_NEEDS,
    LEVEL_NAMES,
    NOT_FOR_USE,
    SECTOR_OF_CLASS,
    SECTORS,
    LawRule,
    Practice,
)
from ipoffice.trademarks.famous import CopyMatch

MAX_EVIDENCE_MARKS = 50
SIGNAL_TITLES: dict[str, tuple[str, str]] = {
    "volume": ("申请数量", "filing volume"),
    "spread": ("类别跨度", "spread across classes"),
    "copies": ("复制知名标志", "copies of famous names"),
    "resale": ("转让牟利", "resale"),
    "non_use": ("注册后不使用", "non-use after registration"),
}


@dataclass(frozen=True)
class Signal:
    code: str
    level: int
    elements: tuple[str, ...]
    explanation_zh: str
    explanation_en: str
    basis: str
    figures: dict[str, Any]
    marks: list[dict[str, Any]] = field(default_factory=list)
    matches: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        zh, en = SIGNAL_TITLES[self.code]
        return {
            "code": self.code,
            "level": LEVEL_NAMES[self.level],
            "title_zh": zh,
            "title_en": en,
            "elements": list(self.elements),
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
            "basis": self.basis,
            "figures": self.figures,
            "marks": self.marks,
            "matches": self.matches,
        }


def _briefs(marks: list[FiledMark]) -> list[dict[str, Any]]:
    return [m.brief() for m in marks[-MAX_EVIDENCE_MARKS:]]


def volume_signal(facts: ApplicantFacts, practice: Practice) -> Signal:
    recent = facts.in_window()
    count, total = len(recent), len(facts.marks)
    percentile = percentile_of(count, facts.population)
    level = max(practice.volume_12m.level(count), practice.volume_total.level(total))
    if percentile >= practice.percentile and count >= practice.percentile_min_filings:
        level = max(level, 1)
    start, end = facts.window_start, facts.window_end
    return Signal(
        "volume",
        level,
        (NOT_FOR_USE, EXCEEDS_NEEDS),
        f"{start}至{end}申请{count}件，累计{total}件；同期{len(facts.population)}个申请人中"
        f"多于{percentile:.1f}%的申请人",
        f"{count} filings from {start} to {end}, {total} in all; more than {percentile:.1f}% "
        f"of the {len(facts.population)} applicants who filed in the same 12 months",
        practice.source,
        {
            "filed_12m": count,
            "filed_total": total,
            "window": [start.isoformat(), end.isoformat()],
            "percentile": round(percentile, 1),
            "population": len(facts.population),
            "thresholds_12m": list(_bounds(practice.volume_12m)),
            "thresholds_total": list(_bounds(practice.volume_total)),
        },
        _briefs(recent),
    )


def _bounds(levels: Any) -> tuple[float, float, float]:
    return (levels.low, levels.medium, levels.high)


def spread_signal(facts: ApplicantFacts, practice: Practice) -> Signal:
    per_class = Counter(c for m in facts.marks for c in m.classes)
    groups = {g for m in facts.marks for g in m.groups}
    sectors = sorted({SECTOR_OF_CLASS[c] for c in per_class if c in SECTOR_OF_CLASS})
    figures: dict[str, Any] = {
        "classes": len(per_class),
        "groups": len(groups),
        "sectors": len(sectors),
        "marks_per_class": {str(c): n for c, n in sorted(per_class.items())},
        "sector_names": [SECTORS[s][0][1] for s in sectors],
    }
    marks: list[FiledMark] = []
    if facts.scope is not None:
        outside = sorted(set(per_class) - set(facts.scope.classes))
        marks = [m for m in facts.marks if set(m.classes) & set(outside)]
        level = practice.outside_scope.level(len(outside))
        figures |= {
            "scope_classes": list(facts.scope.classes),
            "scope_source": facts.scope.source,
            "outside_scope": outside,
        }
        covered = len(facts.scope.classes)
        zh = (f"共{len(per_class)}个类别、{len(groups)}个类似群；经营范围涵盖{covered}个类别，"
              f"范围外{len(outside)}个类别")  # fmt: skip
        en = (f"{len(per_class)} classes, {len(groups)} similar groups; the business scope "
              f"covers {covered} classes, {len(outside)} are outside it")  # fmt: skip
    else:
        level = max(practice.classes.level(len(per_class)), practice.sectors.level(len(sectors)))
        zh = (f"共{len(per_class)}个类别、{len(groups)}个类似群，分属{len(sectors)}个行业；"
              "未登记经营范围")  # fmt: skip
        en = (f"{len(per_class)} classes, {len(groups)} similar groups in {len(sectors)} "
              "lines of business; no business scope on record")  # fmt: skip
    return Signal(
        "spread", level, (EXCEEDS_NEEDS, NOT_FOR_USE), zh, en, practice.source, figures,
        _briefs(marks),
    )  # fmt: skip


def copies_signal(
    facts: ApplicantFacts,
    matches: dict[int, list[CopyMatch]],
    practice: Practice,
    *,
    focus: int | None = None,
) -> Signal:
    """Marks alike to famous names; `focus` is the mark under assessment (its own copy makes
    the signal high)."""
    by_id = {m.id: m for m in facts.marks}
    counted = sorted(i for i, found in matches.items() if any(x.counted for x in found))
    level = practice.copies.level(len(counted))
    if focus is not None and focus in counted:
        level = 3
    rows = []
    for mark_id in sorted(matches, key=lambda i: (i != focus, i)):
        mark = by_id[mark_id]
        for match in matches[mark_id]:
            rows.append({**mark.brief(), **match.as_dict()})
    listed = len(rows) - sum(1 for r in rows if r["counted"])
    return Signal(
        "copies",
        level,
        (NOT_FOR_USE,),
        f"{len(counted)}件商标与知名标志近似（另有{listed}项列出但不计入：普通词汇或申请人自己的名称）",
        f"{len(counted)} marks are similar to famous names ({listed} more listed but not "
        "counted: ordinary words or the applicant's own name)",
        "Trademark Law Art. 10(1)(8), 13, 32, 44(1); 规范商标申请注册行为若干规定（2019）第八条",
        {"copying_marks": len(counted), "listed_not_counted": listed},
        matches=rows[:MAX_EVIDENCE_MARKS],
    )


def resale_signal(facts: ApplicantFacts, practice: Practice) -> Signal:
    months = practice.resale_months
    resold: list[FiledMark] = []
    offered = assigned = 0
    for mark in facts.marks:
        transfers = facts.transfers.get(mark.id, ())
        start = mark.registration_date or mark.filing_date
        soon = any(t.kind == "assignment" and t.on <= add_months(start, months) for t in transfers)
        offer = any(t.kind == "offer" for t in transfers)
        if soon or offer:
            resold.append(mark)
            assigned += soon
            offered += offer and not soon
    # The share is of the marks that could change hands: registered, or already transferred.
    base = sum(1 for m in facts.marks if m.registration_date or m.id in facts.transfers)
    share = len(resold) / base if base else 0.0
    level = min(practice.resale_count.level(len(resold)), practice.resale_share.level(share))
    return Signal(
        "resale",
        level,
        (NOT_FOR_USE,),
        f"{assigned}件商标在注册（或申请）后{months}个月内转让，另有{offered}件被公开出售，"
        f"占已注册或已转让的{base}件商标的{share:.0%}",
        f"{assigned} marks assigned within {months} months of registration (or filing), "
        f"{offered} more offered for sale: {share:.0%} of the {base} marks registered or "
        "transferred",
        f"{practice.source}; Trademark Law Art. 42 (assignment)",
        {"assigned_soon": assigned, "offered": offered, "share": round(share, 4),
         "base": base, "months": months},
        _briefs(resold),
    )  # fmt: skip


def non_use_signal(facts: ApplicantFacts, practice: Practice) -> Signal:
    years = practice.non_use_years
    start = add_months(facts.as_of, -12 * years)
    eligible = [
        m
        for m in facts.marks
        if m.status == "registered" and m.registration_date and m.registration_date <= start
    ]
    unused = [
        m
        for m in eligible
        if not any(f <= facts.as_of and t >= start for f, t in facts.use_periods.get(m.id, ()))
    ]
    share = len(unused) / len(eligible) if eligible else 0.0
    level = min(practice.non_use_count.level(len(unused)), practice.non_use_share.level(share))
    return Signal(
        "non_use",
        level,
        (NOT_FOR_USE,),
        f"注册满{years}年的{len(eligible)}件商标中，{len(unused)}件在{start}至{facts.as_of}"
        "没有使用证据在案",
        f"of {len(eligible)} marks registered for {years} years or more, {len(unused)} have no "
        f"use evidence on record from {start} to {facts.as_of}",
        "Trademark Law Art. 49 (three years' non-use); no evidence on record is not proof of "
        "non-use",
        {"registered_3y": len(eligible), "without_use_evidence": len(unused),
         "share": round(share, 4), "period": [start.isoformat(), facts.as_of.isoformat()]},
        _briefs(unused),
    )  # fmt: skip


@dataclass(frozen=True)
class Risk:
    level: int
    rule: LawRule
    elements: dict[str, int]
    direct: int
    explanation_zh: str
    explanation_en: str

    @property
    def name(self) -> str:
        return LEVEL_NAMES[self.level]


def combine(signals: list[Signal], rule: LawRule) -> Risk:
    """The risk under `rule` (see the module docstring)."""
    elements = {
        element: max((s.level for s in signals if element in s.elements), default=0)
        for element in rule.elements
    }
    rule_level = min(elements.values(), default=0)
    direct = max((s.level for s in signals if s.code == "copies"), default=0)
    level = max(rule_level, direct)
    parts_zh = "，".join(f"{ELEMENT_TITLES[e][0]}：{_zh_level(v)}" for e, v in elements.items())
    parts_en = ", ".join(f"{ELEMENT_TITLES[e][1]}: {LEVEL_NAMES[v]}" for e, v in elements.items())
    zh = f"适用{rule.title_zh}（{rule.source}）：{parts_zh}；复制知名标志：{_zh_level(direct)}"
    en = (f"Applying '{rule.title_en}' ({rule.source}): {parts_en}; copies of famous names: "
          f"{LEVEL_NAMES[direct]}")  # fmt: skip
    return Risk(level, rule, elements, direct, zh, en)


def _zh_level(level: int) -> str:
    return ("无", "低", "中", "高")[level]
