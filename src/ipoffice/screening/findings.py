"""What a detector reports: a behaviour of CNIPA Order No. 77 Art. 3, a score, the evidence a
person can check, and the applications it links. A finding is a signal for an examiner, never a
decision against an applicant."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Order No. 77 (in force 2024-01-20), Art. 3, items (1)-(8).
BEHAVIOURS: dict[str, tuple[str, str]] = {
    "duplicate_or_combination": (
        "同时或先后提交发明创造内容明显相同、或者实质上由不同发明创造特征或要素简单组合变化而形成的多件专利申请",
        "applications whose content is obviously the same, or essentially a simple combination "
        "of features of different applications (Art. 3(1))",
    ),
    "fabricated_or_copied": (
        "编造、伪造或变造发明创造内容、实验数据或技术效果，或者抄袭、简单替换、拼凑现有技术或现有设计",
        "fabricated content or data, or copying, simple substitution or patchwork of prior art "
        "(Art. 3(2))",
    ),
    "machine_generated": (
        "发明创造内容主要为利用计算机技术等随机生成",
        "content mainly generated at random by computer (Art. 3(3))",
    ),
    "degraded_or_padded": (
        "发明创造明显不符合技术改进或设计常理，或者变劣、堆砌、非必要缩限保护范围",
        "inventions against technical common sense, degraded, piled-up or unnecessarily "
        "narrowed (Art. 3(4))",
    ),
    "volume_without_capacity": (
        "申请人无实际研发活动提交多件专利申请，且不能作出合理解释",
        "filing in volume without real research and development activity (Art. 3(5))",
    ),
    "dispersed_linked_filings": (
        "将实质上与特定单位、个人或地址关联的多件专利申请分散、先后或异地提交",
        "filings by linked entities, persons or addresses dispersed to evade supervision "
        "(Art. 3(6))",
    ),
    "agency_involvement": (
        "代理机构、代理师或者其他机构、个人代理、诱导、教唆、帮助他人或者与之合谋实施各类不以保护创新为目的的非正常申请专利行为",
        "agencies or others acting for, inducing or helping such filings (Art. 3(7))",
    ),
    "other_bad_faith": (
        "违反诚实信用原则、扰乱正常专利工作秩序的其他非正常申请专利行为",
        "other conduct against good faith (Art. 3(8))",
    ),
}
SOURCE = "规范申请专利行为的规定 (CNIPA Order No. 77), Art. 3, in force 2024-01-20"


@dataclass(frozen=True)
class Finding:
    behaviour: str
    score: float
    evidence: dict[str, Any]
    related: tuple[str, ...] = field(default=())
    # The detector that reported it; set by the pipeline.
    detector: str = ""

    def __post_init__(self) -> None:
        if self.behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {self.behaviour!r}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError("a finding's score runs from 0 to 1")

    def as_dict(self) -> dict[str, Any]:
        return {
            "behaviour": self.behaviour,
            "detector": self.detector,
            "score": round(self.score, 4),
            "evidence": self.evidence,
            "related": list(self.related),
        }
