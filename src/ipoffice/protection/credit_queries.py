"""Reading the credit register: a record's status on a date, the register for officers, the
public list on a date, a party's own records, and `credit_measures`, which other modules call
(fee-reduction and priority-examination reviews, the examiner's application page).

Expiry is read from the dates: a record in effect or extended is expired on any day after its
end, so no scheduled job is needed and the answer for any past date is the same every time.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from ipoffice.core.calendar import add_months
from ipoffice.core.errors import InvalidInput, NotFound
from ipoffice.core.identifiers import validate_uscc
from ipoffice.parties.models import Party
from ipoffice.protection.credit_models import CreditListing
from ipoffice.protection.credit_rules import (
    conduct_item,
    listing_rule,
    measures_in_force,
    repair_rule,
)
from ipoffice.protection.credit_schemas import (
    CategoryView,
    ExtensionRead,
    MeasureView,
    PublicEntry,
    RecordRead,
    RepairRead,
)
from ipoffice.protection.credit_subjects import shown_id
from ipoffice.protection.credit_workflow import LISTED, CreditStatus
from ipoffice.text.normalize import normalize

# Statuses a register filter may ask for, `expired` included.
FILTER_STATUSES = tuple(s.value for s in CreditStatus)


def subject_key(name: str) -> str:
    """A name in the form used for matching: width, script, case and spaces do not count."""
    return normalize(name).replace(" ", "")[:300]


def get_record(session: Session, record_id: int) -> CreditListing:
    stmt = select(CreditListing).where(CreditListing.id == record_id)
    stmt = stmt.options(selectinload(CreditListing.extensions), selectinload(CreditListing.repairs))
    record = session.scalar(stmt)
    if record is None:
        raise NotFound(f"no credit record with id {record_id}", field="record_id")
    return record


def status_on(record: CreditListing, on: date) -> CreditStatus | None:
    """The record's status on a date; None before its start."""
    if on < record.start_on:
        return None
    if record.removed_on is not None and on >= record.removed_on:
        return CreditStatus(record.status)
    if on > record.end_on:
        return CreditStatus.EXPIRED
    extended = any(e.decided_on <= on for e in record.extensions)
    return CreditStatus.EXTENDED if extended else CreditStatus.IN_EFFECT


def _published(on: date) -> ColumnElement[bool]:
    """On the public list on `on`: between start and end, not removed by then."""
    return and_(
        CreditListing.start_on <= on,
        CreditListing.end_on >= on,
        or_(CreditListing.removed_on.is_(None), CreditListing.removed_on > on),
    )


def _status_filter(status: CreditStatus, on: date) -> ColumnElement[bool]:
    listed = CreditListing.status.in_([s.value for s in LISTED])
    if status is CreditStatus.EXPIRED:
        return and_(listed, CreditListing.end_on < on)
    if status in LISTED:
        return and_(CreditListing.status == status.value, CreditListing.end_on >= on)
    return CreditListing.status == status.value


def _search(stmt: Select[CreditListing], q: str) -> Select[CreditListing]:
    """Match a credit code or identity number exactly, or a part of the name."""
    text = q.strip()
    if not text:
        return stmt
    key = subject_key(text)
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    by_id = CreditListing.id_number == text.replace(" ", "").upper()
    return stmt.where(or_(by_id, CreditListing.subject_key.like(f"%{escaped}%", escape="\\")))


def _page(
    session: Session, stmt: Select[CreditListing], limit: int, offset: int
) -> tuple[list[CreditListing], int]:
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    stmt = stmt.options(selectinload(CreditListing.extensions), selectinload(CreditListing.repairs))
    rows = session.scalars(stmt.order_by(CreditListing.id.desc()).limit(limit).offset(offset))
    return list(rows.all()), total


def list_register(
    session: Session,
    *,
    on: date,
    status: CreditStatus | None = None,
    category: str | None = None,
    q: str = "",
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[CreditListing], int]:
    """The whole register, newest first, filtered by status on `on`, category and text."""
    stmt = select(CreditListing)
    if status is not None:
        stmt = stmt.where(_status_filter(status, on))
    if category:
        stmt = stmt.where(CreditListing.category == conduct_item(category).code)
    return _page(session, _search(stmt, q), limit, offset)


def public_list(
    session: Session, *, on: date, q: str = "", limit: int = 50, offset: int = 0
) -> tuple[list[CreditListing], int]:
    """The records on the public list on `on`."""
    return _page(session, _search(select(CreditListing).where(_published(on)), q), limit, offset)


def records_about(session: Session, *, uscc: str | None, names: list[str]) -> list[CreditListing]:
    """Every record (any status) whose subject has this credit code or one of these names."""
    conditions = [CreditListing.subject_key == subject_key(n) for n in names if n.strip()]
    if uscc:
        conditions.append(and_(CreditListing.id_type == "uscc", CreditListing.id_number == uscc))
    if not conditions:
        return []
    stmt = select(CreditListing).where(or_(*conditions)).order_by(CreditListing.id.desc())
    stmt = stmt.options(selectinload(CreditListing.extensions), selectinload(CreditListing.repairs))
    return list(session.scalars(stmt).all())


def party_matches(party: Party, record: CreditListing) -> bool:
    """Whether a party is the record's subject: the same credit code for a record listed under
    one (a name alone is not enough then), otherwise the same name."""
    if record.id_type == "uscc":
        return party.uscc == record.id_number
    names = [n for n in (party.name_zh, party.name_en) if n]
    return any(subject_key(n) == record.subject_key for n in names)


def records_of_party(session: Session, party: Party) -> list[CreditListing]:
    """The records about a party (what its own account sees), any status."""
    names = [n for n in (party.name_zh, party.name_en) if n]
    found = records_about(session, uscc=party.uscc, names=names)
    return [r for r in found if party_matches(party, r)]


def credit_measures(
    session: Session, *, uscc: str | None, name: str | None, on: date
) -> list[MeasureView]:
    """The measures in force against a subject on a date: for each record on the public list
    that day whose subject has this credit code or exactly this name (after normalisation; a
    record listed under a different credit code does not match by name), each measure of
    `credit_rules.MEASURES` in force, with the record and the source."""
    code = validate_uscc(uscc, field="uscc") if uscc and uscc.strip() else None
    wanted = (name or "").strip()
    if code is None and not wanted:
        raise InvalidInput("give the subject's credit code (uscc) or its name", field="uscc")
    found = records_about(session, uscc=code, names=[wanted])
    # A record listed under another credit code is another subject, whatever its name.
    records = [
        r
        for r in found
        if is_published(r, on) and (code is None or r.id_type != "uscc" or r.id_number == code)
    ]
    views = []
    for record in sorted(records, key=lambda r: r.id):
        item = conduct_item(record.category)
        for measure in measures_in_force(on):
            views.append(
                MeasureView(
                    measure=measure.code,
                    title_zh=measure.title_zh,
                    title_en=measure.title_en,
                    source=measure.source,
                    record_id=record.id,
                    subject_name=record.subject_name,
                    id_type=record.id_type,
                    id_number=record.id_number,
                    category=item.code,
                    category_title_zh=item.title_zh,
                    category_title_en=item.title_en,
                    basis_authority=record.basis_authority,
                    basis_document=record.basis_document,
                    start_on=record.start_on,
                    end_on=record.end_on,
                    on=on,
                )
            )
    return views


def is_published(record: CreditListing, on: date) -> bool:
    return status_on(record, on) in LISTED


def _category(code: str) -> CategoryView:
    item = conduct_item(code)
    return CategoryView(
        category=item.code,
        category_item=item.item,
        category_title_zh=item.title_zh,
        category_title_en=item.title_en,
        category_source=item.source,
    )


def record_read(record: CreditListing, on: date) -> RecordRead:
    status = status_on(record, on)
    return RecordRead(
        **_category(record.category).model_dump(),
        id=record.id,
        subject_name=record.subject_name,
        subject_type=record.subject_type,
        id_type=record.id_type,
        id_number=record.id_number,
        basis_authority=record.basis_authority,
        basis_document=record.basis_document,
        basis_date=record.basis_date,
        screening_proposal_id=record.screening_proposal_id,
        dispute_case_id=record.dispute_case_id,
        start_on=record.start_on,
        end_on=record.end_on,
        max_end_on=add_months(record.start_on, listing_rule(record.start_on).max_months),
        repair_from=add_months(record.start_on, repair_rule(record.start_on).waiting_months),
        stored_status=record.status,
        # Before the start (a date in the past was asked for), the record was not yet listed.
        status=status.value if status else "not_started",
        as_of=on,
        published=status in LISTED,
        note=record.note,
        listed_by=record.listed_by,
        listed_at=record.listed_at,
        removed_on=record.removed_on,
        removal_reason=record.removal_reason,
        removed_by=record.removed_by,
        pending_repair_id=record.pending_repair_id,
        extensions=[ExtensionRead.model_validate(e) for e in record.extensions],
        repairs=[RepairRead.model_validate(r) for r in record.repairs],
        version=record.version,
    )


def public_entry(record: CreditListing, on: date) -> PublicEntry:
    status = status_on(record, on)
    return PublicEntry(
        **_category(record.category).model_dump(),
        id=record.id,
        subject_name=record.subject_name,
        subject_type=record.subject_type,
        id_type=record.id_type,
        id_shown=shown_id(record.subject_type, record.id_number),
        basis_authority=record.basis_authority,
        basis_document=record.basis_document,
        basis_date=record.basis_date,
        start_on=record.start_on,
        end_on=record.end_on,
        status=status.value if status else "not_started",
    )
