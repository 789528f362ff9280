"""The trademark register service: entering marks, goods editions, images, well-known status."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ipoffice.applications.schemas import ApplicationCreate
from ipoffice.applications.service import do_file_application
from ipoffice.core import audit
from ipoffice.core.clock import office_today
from ipoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipoffice.core.identity import Principal, principal_of
from ipoffice.core.models import AuditRecord, User
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.trademarks.goods import load_goods_table
from ipoffice.trademarks.goods_table import clear_cache
from ipoffice.trademarks.images import ImageLimits, check_image, compare_images
from ipoffice.trademarks.models import Mark, MarkImage
from ipoffice.trademarks.register import (
    ImageUpload,
    do_mark_well_known,
    do_register_mark,
    get_mark,
    image_features,
    iter_marks_for_index,
    list_marks,
)
from ipoffice.trademarks.schemas import MarkCreate
from tests.conftest import Factory
from tests.test_trademark_goods import SMALL_TABLE, row, write
from tests.test_trademark_images import encode, sun_logo

LIMITS = ImageLimits(max_bytes=1_000_000, max_pixels=16_000_000)


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    clear_cache()


def principal(db: Database, factory: Factory, role: Role) -> Principal:
    account = factory.account(role)
    with db.session(write=False) as session:
        user = session.get(User, account.user_id)
        assert user is not None
        return principal_of(user)


@pytest.fixture
def applicant(db: Database, factory: Factory) -> Principal:
    return principal(db, factory, Role.APPLICANT)


@pytest.fixture
def examiner(db: Database, factory: Factory) -> Principal:
    return principal(db, factory, Role.EXAMINER)


def upload(image: bytes | None = None) -> ImageUpload:
    data = image if image is not None else encode(sun_logo())
    return ImageUpload(data, check_image(data, limits=LIMITS))


def register(
    db: Database,
    actor: Principal,
    home: Path,
    image: ImageUpload | None = None,
    **fields: object,
) -> tuple[Mark, bool]:
    data = MarkCreate.model_validate(
        {"kind": "word", "text": "华瑞", "goods": [{"code": "9"}], **fields}
    )
    with db.session(write=True) as session:
        return do_register_mark(session, actor=actor, data=data, image=image, home=home)


def count(db: Database, model: type) -> int:
    with db.session(write=False) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def load_small(db: Database, tmp_path: Path) -> None:
    with db.session(write=True) as session:
        load_goods_table(
            session,
            actor=audit.SYSTEM,
            path=write(tmp_path, SMALL_TABLE),
            effective_from=date(2020, 1, 1),
        )


# --- entering marks -----------------------------------------------------------------------------


def test_a_word_mark_without_a_table_is_checked_by_class(
    db: Database, applicant: Principal, tmp_path: Path
) -> None:
    mark, created = register(
        db, applicant, tmp_path, text="  华瑞  Smart 3 ", goods=[{"code": "9"}, {"code": "0907"}]
    )
    assert created and mark.version == 1
    with db.session(write=False) as session:
        stored = get_mark(session, f"第{mark.number}号")
        assert stored.text == "华瑞 Smart 3" and stored.text_normalized == "华瑞 smart 3"
        assert stored.scripts == "digit,han,latin"
        assert stored.applicant_id == applicant.party_id and stored.status == "filed"
        assert stored.filing_date == office_today()
        assert [(g.class_number, g.group_code, g.edition) for g in stored.goods] == [
            (9, None, None),
            (9, "0907", None),
        ]
        entry = session.scalar(select(AuditRecord).where(AuditRecord.action == "register_mark"))
        assert entry is not None and entry.entity_id == mark.number
        assert audit.verify(session).ok


def test_goods_keep_the_edition_they_were_filed_under(
    db: Database, applicant: Principal, tmp_path: Path
) -> None:
    load_small(db, tmp_path)
    mark, _ = register(db, applicant, tmp_path, goods=[{"code": "090719"}, {"code": "0901"}])
    newer = [*SMALL_TABLE, row("090999", "折叠屏手机", "item", "0907", "2027")]
    with db.session(write=True) as session:
        load_goods_table(
            session,
            actor=audit.SYSTEM,
            path=write(tmp_path, newer, "ncl13-2027.jsonl"),
            effective_from=office_today() + timedelta(days=1),
        )
    with db.session(write=False) as session:
        stored = get_mark(session, mark.number)
        assert [(g.item_code, g.group_code, g.name, g.edition) for g in stored.goods] == [
            ("090719", "0907", "智能手机", "NCL13-2026"),
            (None, "0901", "电子计算机及其外部设备", "NCL13-2026"),
        ]
    # The item of the next edition is not accepted before that edition is in force.
    with pytest.raises(InvalidInput, match="090999"):
        register(db, applicant, tmp_path, goods=[{"code": "090999"}])


def test_unknown_goods_codes_are_named_and_nothing_is_written(
    db: Database, applicant: Principal, tmp_path: Path
) -> None:
    load_small(db, tmp_path)
    with pytest.raises(InvalidInput) as caught:
        register(
            db, applicant, tmp_path, goods=[{"code": "090719"}, {"code": "099999"}, {"code": "x"}]
        )
    assert "099999" in caught.value.message and "x" in caught.value.message
    with pytest.raises(InvalidInput, match="goods listed twice: 090719"):
        register(db, applicant, tmp_path, goods=[{"code": "090719"}, {"code": "090719"}])
    with pytest.raises(InvalidInput, match="46"):
        load_free = Database(db.url)
        try:
            register(load_free, applicant, tmp_path, goods=[{"code": "46"}])
        finally:
            load_free.dispose()
    assert count(db, Mark) == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "word", "text": "   "}, "a word mark needs its text"),
        ({"kind": "word", "text": "🍎🍎"}, "symbol or emoji"),
        ({"kind": "word", "text": "华瑞🍎"}, "U\\+1F34E"),
        ({"kind": "word", "text": "华\u200b瑞"}, "invisible"),
        ({"kind": "word", "text": "---"}, "no letter, digit or Chinese character"),
        ({"kind": "word", "text": "长" * 101}, "at most 100"),
        ({"kind": "figurative", "text": "华瑞"}, "is 'combined'"),
        ({"kind": "figurative", "text": ""}, "needs its image"),
        ({"kind": "combined", "text": "华瑞"}, "both its text and its image"),
    ],
)
def test_marks_that_cannot_be_entered(
    db: Database, applicant: Principal, tmp_path: Path, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        register(db, applicant, tmp_path, **fields)
    assert count(db, Mark) == 0


def test_dates_are_checked(db: Database, examiner: Principal, tmp_path: Path) -> None:
    base = {"applicant_name": "Acme Corp.", "filing_date": "2024-03-01"}
    with pytest.raises(InvalidInput, match="within 6 months"):
        register(db, examiner, tmp_path, **base, priority_date="2023-08-01")
    with pytest.raises(InvalidInput, match="after the filing date"):
        register(db, examiner, tmp_path, **base, priority_date="2024-03-02")
    with pytest.raises(InvalidInput, match="needs its registration date"):
        register(db, examiner, tmp_path, **base, status="registered")
    with pytest.raises(InvalidInput, match="has no registration date"):
        register(db, examiner, tmp_path, **base, registration_date="2025-01-01")
    with pytest.raises(InvalidInput, match="precedes the filing date"):
        register(
            db, examiner, tmp_path, **base, status="registered", registration_date="2024-01-01"
        )
    mark, _ = register(
        db,
        examiner,
        tmp_path,
        **base,
        number="第 12345678 号",
        status="registered",
        registration_date="2025-01-07",
        priority_date="2023-10-01",
    )
    assert (mark.number, mark.applicant_id, mark.applicant_name) == ("12345678", None, "Acme Corp.")
    with pytest.raises(Conflict, match="already in the register"):
        register(db, examiner, tmp_path, **base, text="其他", number="12345678")


def test_who_may_enter_what(
    db: Database, factory: Factory, applicant: Principal, tmp_path: Path
) -> None:
    other = factory.party()
    with pytest.raises(PermissionDenied, match="only in its own name"):
        register(db, applicant, tmp_path, applicant_id=other)
    for field, value in (("status", "registered"), ("number", "77"), ("filing_date", "2024-01-01")):
        with pytest.raises(PermissionDenied):
            register(db, applicant, tmp_path, **{field: value})
    agent = principal(db, factory, Role.AGENT)
    with pytest.raises(InvalidInput, match="must name the applicant_id"):
        register(db, agent, tmp_path)
    mark, _ = register(db, agent, tmp_path, applicant_id=other)
    assert mark.applicant_id == other
    officer = principal(db, factory, Role.ENFORCEMENT_OFFICER)
    with pytest.raises(PermissionDenied):
        register(db, officer, tmp_path, applicant_id=other)
    examiner = principal(db, factory, Role.EXAMINER)
    with pytest.raises(InvalidInput, match="name the applicant"):
        register(db, examiner, tmp_path)


def test_a_repeated_submission_returns_the_first_mark(
    db: Database, applicant: Principal, tmp_path: Path
) -> None:
    first, created = register(db, applicant, tmp_path, goods=[{"code": "9"}, {"code": "35"}])
    again, created_again = register(
        db, applicant, tmp_path, text="华瑞 ", goods=[{"code": "35"}, {"code": "09"}]
    )
    assert created and not created_again and again.id == first.id
    other, created_other = register(db, applicant, tmp_path, goods=[{"code": "9"}])
    assert created_other and other.id != first.id
    with db.session(write=False) as session:
        actions = session.scalars(
            select(AuditRecord.action).where(AuditRecord.action == "register_mark")
        ).all()
    assert len(actions) == 2


def test_a_mark_links_to_its_application(
    db: Database, factory: Factory, applicant: Principal, tmp_path: Path
) -> None:
    with db.session(write=True) as session:
        application, _ = do_file_application(
            session,
            actor=applicant.actor,
            principal=applicant,
            data=ApplicationCreate(kind="trademark", title="华瑞", nice_classes=[9]),
            filing_date=office_today(),
        )
    mark, _ = register(db, applicant, tmp_path, application_number=application.number)
    assert (mark.number, mark.application_id) == (application.number, application.id)
    with pytest.raises(Conflict):
        register(db, applicant, tmp_path, text="另一个", application_number=application.number)
    stranger = principal(db, factory, Role.APPLICANT)
    with pytest.raises(InvalidInput, match="no trademark application"):
        register(db, stranger, tmp_path, text="第三个", application_number=application.number)


# --- images ------------------------------------------------------------------------------------


def test_the_image_is_stored_with_its_features(
    db: Database, applicant: Principal, tmp_path: Path
) -> None:
    mark, _ = register(db, applicant, tmp_path, kind="combined", image=upload())
    with db.session(write=False) as session:
        stored = get_mark(session, mark.number)
        assert stored.image is not None
        path = tmp_path / stored.image.path
        assert path.read_bytes() == encode(sun_logo())
        assert (stored.image.format, stored.image.width) == ("PNG", 400)
        features = image_features(stored)
        assert features is not None and features.keypoint_count > 100
    rotated = upload(encode(sun_logo().rotate(30, expand=True, fillcolor="white")))
    turned, _ = register(db, applicant, tmp_path, kind="combined", text="华瑞2", image=rotated)
    with db.session(write=False) as session:
        again = image_features(get_mark(session, turned.number))
        assert again is not None and compare_images(features, again).score >= 0.9
    assert not list(tmp_path.rglob("*.part"))


def test_no_file_outlives_a_failed_transaction(
    db: Database, applicant: Principal, tmp_path: Path
) -> None:
    data = MarkCreate(kind="figurative", goods=[{"code": "9"}])  # type: ignore[list-item]
    with pytest.raises(RuntimeError), db.session(write=True) as session:
        do_register_mark(session, actor=applicant, data=data, image=upload(), home=tmp_path)
        assert len(list((tmp_path / "trademarks").rglob("*.png"))) == 1
        raise RuntimeError("the request failed after the mark was entered")
    assert not list((tmp_path / "trademarks").rglob("*.png"))
    with db.session(write=True) as session:
        with pytest.raises(RuntimeError), session.begin_nested():
            do_register_mark(session, actor=applicant, data=data, image=upload(), home=tmp_path)
            raise RuntimeError("a savepoint rolled back")
        assert not list((tmp_path / "trademarks").rglob("*.png"))
        kept, _ = do_register_mark(
            session, actor=applicant, data=data, image=upload(), home=tmp_path
        )
    assert [p.name for p in (tmp_path / "trademarks").rglob("*.png")] == [
        Path(kept.image.path).name  # type: ignore[union-attr]
    ]
    assert count(db, MarkImage) == 1


# --- well-known --------------------------------------------------------------------------------


def test_well_known_status_is_recorded_with_its_basis(
    db: Database, applicant: Principal, examiner: Principal, tmp_path: Path
) -> None:
    mark, _ = register(db, applicant, tmp_path)
    decided = office_today() - timedelta(days=30)
    with db.session(write=True) as session:
        updated = do_mark_well_known(
            session,
            actor=examiner,
            number=mark.number,
            basis="  商标驰字［2025］第 12 号 ",
            recognized_on=decided,
            expected_version=1,
        )
        assert (updated.well_known, updated.well_known_on, updated.version) == (True, decided, 2)
        assert updated.well_known_basis == "商标驰字［2025］第 12 号"
    with db.session(write=True) as session, pytest.raises(Conflict) as stale:
        do_mark_well_known(
            session,
            actor=examiner,
            number=mark.number,
            basis="再次认定",
            recognized_on=decided,
            expected_version=1,
        )
    assert stale.value.code == "stale_version"
    with db.session(write=True) as session:
        with pytest.raises(PermissionDenied):
            do_mark_well_known(
                session,
                actor=applicant,
                number=mark.number,
                basis="自称驰名",
                recognized_on=decided,
                expected_version=2,
            )
        with pytest.raises(InvalidInput, match="future"):
            do_mark_well_known(
                session,
                actor=examiner,
                number=mark.number,
                basis="未来的认定",
                recognized_on=office_today() + timedelta(days=2),
                expected_version=2,
            )
        with pytest.raises(NotFound):
            do_mark_well_known(
                session,
                actor=examiner,
                number="999999",
                basis="不存在",
                recognized_on=decided,
                expected_version=1,
            )


# --- reading -----------------------------------------------------------------------------------


def test_listing_and_the_index_feed(
    db: Database, applicant: Principal, examiner: Principal, tmp_path: Path
) -> None:
    load_small(db, tmp_path)
    word, _ = register(db, applicant, tmp_path, text="華瑞", goods=[{"code": "090719"}])
    logo, _ = register(
        db,
        applicant,
        tmp_path,
        kind="combined",
        text="绿源",
        image=upload(),
        goods=[{"code": "25"}, {"code": "0901"}],
    )
    with db.session(write=False) as session:
        rows, total = list_marks(session, q="华瑞")
        assert total == 1 and rows[0].id == word.id
        assert list_marks(session, class_number=25)[1] == 1
        assert list_marks(session, q="%")[1] == 0
        assert list_marks(session, status="registered")[1] == 0
        indexed = list(iter_marks_for_index(session, batch=1))
    assert [m.id for m in indexed] == [word.id, logo.id]
    assert indexed[0].group_codes == {"0907"} and indexed[0].class_numbers == {9}
    assert indexed[0].image_hashes is None and indexed[0].text == "華瑞"
    assert indexed[1].group_codes == {"0901"} and indexed[1].class_numbers == {9, 25}
    assert indexed[1].image_hashes is not None and len(indexed[1].image_hashes[0]) == 16
    with db.session(write=False) as session, pytest.raises(NotFound):
        get_mark(session, "4242")


# --- demo ----------------------------------------------------------------------------------------


def _demo_register(url: str) -> list[tuple[str, str, str, str | None]]:
    import random

    from ipoffice.demo.marks import seed_marks
    from ipoffice.parties.models import Party

    database = Database(url)
    factory = Factory(database)
    parties = [factory.party(name_zh=f"演示公司{i}有限公司") for i in range(3)]
    examiner = principal(database, factory, Role.EXAMINER)
    agent = principal(database, factory, Role.AGENT)
    with database.session(write=True) as session:
        for title in ("华瑞", "星宇GO"):
            do_file_application(
                session,
                actor=agent.actor,
                principal=agent,
                data=ApplicationCreate(
                    kind="trademark", title=title, nice_classes=[9, 42], applicant_id=parties[0]
                ),
                filing_date=date(2026, 3, 2),
            )
        applicants = list(session.scalars(select(Party).where(Party.id.in_(parties))))
        entered = seed_marks(
            session,
            random.Random(7),
            examiner=examiner,
            applicants=applicants,
            today=date(2026, 11, 20),
            count=60,
        )
    assert entered == 60
    with database.session(write=False) as session:
        rows, total = list_marks(session, limit=200)
        assert total == 60 and audit.verify(session).ok
        linked = sorted(m.text for m in rows if m.application_id is not None)
        assert linked == ["华瑞", "星宇GO"]
        assert {"registered", "filed"} <= {m.status for m in rows}
        assert all(m.goods for m in rows)
        snapshot = sorted(
            (m.text, m.status, str(m.filing_date), ",".join(str(g.group_code) for g in m.goods))
            for m in rows
        )
    database.dispose()
    return snapshot  # type: ignore[return-value]


def test_the_demo_register_is_deterministic(db: Database, sqlite_url: str) -> None:
    assert _demo_register(db.url) == _demo_register(sqlite_url)
