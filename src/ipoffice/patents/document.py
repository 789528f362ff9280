"""The shape every patent document takes once read, whatever its source format.

USPTO XML, the JSON Lines interchange format and the office's own applications all become a
`PatentDocument`; the store, the indexes and the screening read only this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

DocumentKind = Literal["invention", "utility_model", "design"]
Language = Literal["zh", "en"]

_IPC = re.compile(r"^([A-H])(\d{2})([A-Z])\s*(?:(\d{1,4})\s*/\s*(\d{1,6}))?$")
_WIPO_PADDED = re.compile(r"([A-H]\d{2}[A-Z])(\d{4})(\d{6})")


@dataclass
class PatentDocument:
    id: str
    title: str
    kind: DocumentKind = "invention"
    lang: Language = "en"
    abstract: str = ""
    claims: list[str] = field(default_factory=list)
    description: str = ""
    applicants: list[str] = field(default_factory=list)
    inventors: list[str] = field(default_factory=list)
    agency: str | None = None
    filing_date: date | None = None
    priority_date: date | None = None
    publication_date: date | None = None
    ipc: list[str] = field(default_factory=list)
    cpc: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    family_id: str | None = None
    # Two-letter office code of the publishing authority (CN, US, EP, WO, ...).
    jurisdiction: str = ""
    # What the request names besides the parties' names, for screening linked filings: the
    # applicants' addresses, the contact telephone numbers and e-mail addresses, the patent
    # attorneys (代理师) of the agency.
    addresses: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)

    @property
    def prior_art_date(self) -> date | None:
        """The date a search for this document's prior art is cut off at."""
        return self.priority_date or self.filing_date


# Symbols repeat across documents by the thousand (some 70,000 IPC groups): each is worked out
# once. Every document read passes its symbols through here.
@lru_cache(maxsize=1 << 16)
def normalize_ipc(code: str) -> str | None:
    """`A61K 39/215`, `a61k39/215`, `A61K0039215000` (WIPO padded) -> `A61K39/215`;
    a subclass alone (`A61K`) stays a subclass. None when it is not an IPC/CPC symbol."""
    text = code.strip().upper().replace("\u3000", " ")
    padded = _WIPO_PADDED.fullmatch(text)
    if padded:
        group = str(int(padded.group(2)))
        sub = padded.group(3).rstrip("0") or "00"
        sub = sub if len(sub) >= 2 else sub + "0"
        return f"{padded.group(1)}{group}/{sub}"
    match = _IPC.match(text)
    if not match:
        return None
    section, klass, subclass, group, subgroup = match.groups()
    head = f"{section}{klass}{subclass}"
    if group is None:
        return head
    return f"{head}{int(group)}/{subgroup}"


def ipc_subclass(code: str) -> str | None:
    normal = normalize_ipc(code)
    return normal[:4] if normal else None
