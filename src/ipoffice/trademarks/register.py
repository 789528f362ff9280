"""The trademark register: entering marks, reading them, recording well-known status.

Each `do_*` function checks who is acting, applies the change, writes the audit record and
flushes; the caller owns the transaction. A mark's goods are checked against the similar-goods
edition in force on its filing date (or, without one, at class level) and keep that edition.

A repeated submission (same applicant, kind, text, goods, image and filing date) returns the
first mark instead of entering it twice: its digest is unique in the table, so even two racing
requests give one mark.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ipoffice.applications.models import Application
from ipoffice.applications.service import can_view, next_serial
from ipoffice.core import audit
from ipoffice.core.clock import office_today
from ipoffice.core.concurrency import check_version, flush_or_conflict
from ipoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipoffice.core.identifiers import format_trademark_number, parse_trademark_number
from ipoffice.core.identity import Principal
from ipoffice.trademarks.goods_table import table_for
from ipoffice.trademarks.image_store import image_path, write_image
from ipoffice.trademarks.images import CheckedImage, ImageFeatures, features_of
from ipoffice.trademarks.models import Mark, MarkGoods, MarkImage
from ipoffice.trademarks.register_checks import (
    STAFF,
    Applicant,
    CheckedGoods,
    check_dates,
    check_goods,
    check_kind,
    clean_text,
    normalized_text,
    resolve_applicant,
    scripts_of,
)
from ipoffice.trademarks.schemas import MarkCreate


@dataclass(frozen=True)
class ImageUpload:
    """A checked upload (see `images.check_image`) with its raw bytes."""

    data: bytes
    checked: CheckedImage

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _submission_key(
    applicant: Applicant,
    kind: str,
    text: str,
    goods: list[CheckedGoods],
    image_sha: str | None,
    filing_date: date,
) -> str:
    who = f"party:{applicant.party_id}" if applicant.party_id else f"name:{applicant.name}"
    body = [who, kind, normalized_text(text), sorted(g.key for g in goods), image_sha, filing_date]
    return hashlib.sha256(json.dumps(body, default=str, ensure_ascii=False).encode()).hexdigest()


def _linked_application(
    session: Session, principal: Principal, number: str | None, applicant: Applicant
) -> Application | None:
    if number is None:
        return None
    canonical = format_trademark_number(parse_trademark_number(number, field="application_number"))
    application = session.scalar(
        select(Application).where(Application.number == canonical, Application.kind == "trademark")
    )
    if application is None or not can_view(principal, application):
        raise InvalidInput(
            f"no trademark application {number.strip()} on the platform",
            field="application_number",
        )
    if application.applicant_id != applicant.party_id:
        raise InvalidInput(
            f"application {canonical} was filed by another applicant", field="application_number"
        )
    return application


def _number(session: Session, data: MarkCreate, application: Application | None) -> str:
    if data.number is not None:
        return format_trademark_number(parse_trademark_number(data.number, field="number"))
    if application is not None:
        return application.number
    return str(next_serial(session, "trademark"))


def do_register_mark(
    session: Session,
    *,
    actor: Principal,
    data: MarkCreate,
    image: ImageUpload | None = None,
    home: Path | None = None,
) -> tuple[Mark, bool]:
    """Enter a mark; returns (mark, created). A repeated submission returns the first mark.
    The image file is stored under `home` (IPOFFICE_HOME), needed when there is an image."""
    applicant = resolve_applicant(session, actor, data)
    text = clean_text(data.text)
    check_kind(data.kind, text, image is not None)
    application = _linked_application(session, actor, data.application_number, applicant)
    filing_date = data.filing_date or (
        application.filing_date if application is not None else office_today()
    )
    check_dates(data, filing_date)
    table = table_for(session, on=filing_date)
    goods = check_goods(data.goods, table)
    image_sha = image.sha256 if image else None
    key = _submission_key(applicant, data.kind, text, goods, image_sha, filing_date)
    existing = session.scalar(select(Mark).where(Mark.submission_key == key))
    if existing is not None:
        return existing, False
    features = features_of(image.checked.image) if image else None
    try:
        with session.begin_nested():
            mark = Mark(
                number=_number(session, data, application),
                kind=data.kind,
                text=text,
                text_normalized=normalized_text(text),
                scripts=",".join(scripts_of(text)),
                text_language=data.text_language,
                applicant_name=applicant.name,
                applicant_id=applicant.party_id,
                filing_date=filing_date,
                priority_date=data.priority_date,
                status=data.status,
                registration_date=data.registration_date,
                application_id=application.id if application else None,
                submission_key=key,
                created_by=actor.user_id,
                goods=[
                    MarkGoods(
                        class_number=g.class_number,
                        group_code=g.group_code,
                        item_code=g.item_code,
                        name=g.name[:200],
                        edition=table.edition if table else None,
                    )
                    for g in goods
                ],
            )
            session.add(mark)
            session.flush()
            if image is not None and features is not None:
                _attach_image(session, mark, image, features, home)
    except IntegrityError as exc:
        winner = session.scalar(select(Mark).where(Mark.submission_key == key))
        if winner is not None:  # a concurrent identical submission won the race
            return winner, False
        raise Conflict(
            "the mark number or application is already in the register", field="number"
        ) from exc
    audit.record(
        session,
        actor=actor.actor,
        action="register_mark",
        entity="trademark_mark",
        entity_id=mark.number,
        payload={
            "kind": mark.kind,
            "text": mark.text,
            "applicant": applicant.name,
            "applicant_id": applicant.party_id,
            "goods": [g.key for g in goods],
            "edition": table.edition if table else None,
            "filing_date": filing_date,
            "status": mark.status,
            "image_sha256": image_sha,
            "application_id": mark.application_id,
        },
    )
    return mark, True


def _attach_image(
    session: Session,
    mark: Mark,
    upload: ImageUpload,
    features: ImageFeatures,
    home: Path | None,
) -> None:
    if home is None:
        raise ValueError("a mark with an image needs the data directory (home) to store it")
    checked = upload.checked
    relative = image_path(mark.number, upload.sha256, checked.format)
    mark.image = MarkImage(
        sha256=upload.sha256,
        path=relative.as_posix(),
        format=checked.format,
        byte_size=len(upload.data),
        width=checked.width,
        height=checked.height,
        phash=features.phash,
        dhash=features.dhash,
        whash=features.whash,
        keypoint_count=features.keypoint_count,
        keypoints=features.keypoints_blob(),
    )
    session.flush()
    # Only now, with the row in place, does the file appear (and it goes if the row does).
    write_image(session, home=home, relative=relative, data=upload.data)


def get_mark(session: Session, number: str) -> Mark:
    """The mark with this number (any written form: 第123号, No. 123, 123)."""
    canonical = format_trademark_number(parse_trademark_number(number, field="number"))
    mark = session.scalar(
        select(Mark)
        .where(Mark.number == canonical)
        .options(selectinload(Mark.goods), selectinload(Mark.image))
    )
    if mark is None:
        raise NotFound(f"no mark with number {number.strip()} in the register", field="number")
    return mark


def list_marks(
    session: Session,
    *,
    q: str | None = None,
    class_number: int | None = None,
    status: str | None = None,
    applicant_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Mark], int]:
    """Marks newest first; `q` matches part of the (normalised) text."""
    stmt: Select[Mark] = select(Mark)
    if q:
        needle = normalized_text(q)
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Mark.text_normalized.like(f"%{escaped}%", escape="\\"))
    if class_number is not None:
        stmt = stmt.where(
            Mark.id.in_(select(MarkGoods.mark_id).where(MarkGoods.class_number == class_number))
        )
    if status is not None:
        stmt = stmt.where(Mark.status == status)
    if applicant_id is not None:
        stmt = stmt.where(Mark.applicant_id == applicant_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.options(selectinload(Mark.goods), selectinload(Mark.image))
        .order_by(Mark.filing_date.desc(), Mark.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


def do_mark_well_known(
    session: Session,
    *,
    actor: Principal,
    number: str,
    basis: str,
    recognized_on: date,
    expected_version: int,
) -> Mark:
    """Record that a mark was recognised as well known, with the decision it rests on."""
    if not actor.has_any(STAFF):
        raise PermissionDenied("only examiners and administrators record well-known marks")
    mark = get_mark(session, number)
    basis = " ".join(basis.split())
    if len(basis) < 2:
        raise InvalidInput("name the recognition decision", field="basis")
    if recognized_on > office_today():
        raise InvalidInput("the recognition date is in the future", field="recognized_on")
    check_version(mark.version, expected_version, f"mark {mark.number}")
    before = (mark.well_known, mark.well_known_basis, mark.well_known_on)
    mark.well_known, mark.well_known_basis, mark.well_known_on = True, basis, recognized_on
    canonical = mark.number
    flush_or_conflict(session, f"mark {canonical}")
    audit.record(
        session,
        actor=actor.actor,
        action="mark_well_known",
        entity="trademark_mark",
        entity_id=canonical,
        payload={"basis": basis, "recognized_on": recognized_on, "before": list(before)},
    )
    return mark


# --- for conflict search -----------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedMark:
    id: int
    text: str
    group_codes: frozenset[str]
    class_numbers: frozenset[int]
    filing_date: date
    priority_date: date | None
    well_known: bool
    # (phash, dhash, whash) of the image, if the mark has one.
    image_hashes: tuple[str, str, str] | None


def iter_marks_for_index(session: Session, *, batch: int = 2000) -> Iterator[IndexedMark]:
    """Every mark in id order, with what a conflict index needs (read in batches)."""
    last = 0
    while True:
        marks = session.execute(
            select(Mark.id, Mark.text, Mark.filing_date, Mark.priority_date, Mark.well_known)
            .where(Mark.id > last)
            .order_by(Mark.id)
            .limit(batch)
        ).all()
        if not marks:
            return
        ids = [row[0] for row in marks]
        groups: dict[int, set[str]] = {i: set() for i in ids}
        classes: dict[int, set[int]] = {i: set() for i in ids}
        for mark_id, class_number, group in session.execute(
            select(MarkGoods.mark_id, MarkGoods.class_number, MarkGoods.group_code).where(
                MarkGoods.mark_id.in_(ids)
            )
        ):
            classes[mark_id].add(class_number)
            if group:
                groups[mark_id].add(group)
        hashes = {
            row[0]: (row[1], row[2], row[3])
            for row in session.execute(
                select(MarkImage.mark_id, MarkImage.phash, MarkImage.dhash, MarkImage.whash).where(
                    MarkImage.mark_id.in_(ids)
                )
            )
        }
        for mark_id, text, filed, priority, well_known in marks:
            yield IndexedMark(
                mark_id,
                text,
                frozenset(groups[mark_id]),
                frozenset(classes[mark_id]),
                filed,
                priority,
                well_known,
                hashes.get(mark_id),
            )
        last = ids[-1]


def image_features(mark: Mark) -> ImageFeatures | None:
    """The stored features of a mark's image, ready for `images.compare_images`."""
    if mark.image is None:
        return None
    img = mark.image
    return ImageFeatures.from_stored(img.phash, img.dhash, img.whash, img.keypoints)
