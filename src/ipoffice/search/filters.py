"""Filters every search backend applies the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.document import normalize_ipc


@dataclass(frozen=True)
class SearchFilters:
    # Prior-art cut-off: only documents published strictly before this date.
    published_before: date | None = None
    # IPC/CPC prefixes, any of which must match: "A61K", "A61K39", "A61K39/215".
    ipc_prefixes: tuple[str, ...] = ()
    jurisdictions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    exclude_ids: tuple[str, ...] = field(default=())


def make_filters(
    *,
    published_before: date | None = None,
    ipc: list[str] | None = None,
    jurisdictions: list[str] | None = None,
    kinds: list[str] | None = None,
    exclude_ids: list[str] | None = None,
) -> SearchFilters:
    """Validated filters; an IPC prefix must be at least a section letter and read as IPC."""
    prefixes = []
    for raw in ipc or []:
        code = raw.strip().upper().replace(" ", "")
        normal = code if len(code) <= 3 else normalize_ipc(code)
        valid_short = len(code) == 1 and "A" <= code <= "H"
        valid_short = valid_short or (
            len(code) == 3 and code[0] in "ABCDEFGH" and code[1:].isdigit()
        )
        if not normal or (len(code) <= 3 and not valid_short):
            raise InvalidInput(
                f"{raw!r} is not an IPC symbol or prefix (e.g. A61K or A61K39/00)", field="ipc"
            )
        prefixes.append(normal)
    known_kinds = {"invention", "utility_model", "design"}
    for kind in kinds or []:
        if kind not in known_kinds:
            raise InvalidInput(
                f"unknown kind {kind!r}; use {', '.join(sorted(known_kinds))}", field="kind"
            )
    offices = []
    for office in jurisdictions or []:
        code = office.strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise InvalidInput(
                f"{office!r} is not a two-letter office code (CN, US, EP, WO)", field="jurisdiction"
            )
        offices.append(code)
    return SearchFilters(
        published_before=published_before,
        ipc_prefixes=tuple(prefixes),
        jurisdictions=tuple(offices),
        kinds=tuple(kinds or ()),
        exclude_ids=tuple(exclude_ids or ()),
    )
