"""Trademark register API: enter marks (with their image), read and list them, look up goods."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from ipoffice.core.errors import InvalidInput, NotFound
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.settings import Settings
from ipoffice.trademarks.goods_table import lookup_items, table_for
from ipoffice.trademarks.images import ImageLimits, check_image
from ipoffice.trademarks.models import Mark
from ipoffice.trademarks.register import (
    ImageUpload,
    do_mark_well_known,
    do_register_mark,
    get_mark,
    list_marks,
)
from ipoffice.trademarks.schemas import (
    GoodsItemRead,
    GoodsLineRead,
    GoodsLookup,
    MarkCreate,
    MarkImageRead,
    MarkPage,
    MarkRead,
    MarkStatus,
    WellKnownRequest,
)
from ipoffice.web.access import DbSession, allow

router = APIRouter(prefix="/api/v1/trademarks", tags=["trademarks"])

NumberPath = Annotated[str, Path(max_length=40)]
EVERYONE = (
    Role.APPLICANT,
    Role.AGENT,
    Role.EXAMINER,
    Role.ENFORCEMENT_OFFICER,
    Role.ZONE_EVALUATOR,
    Role.ADMINISTRATOR,
)
NO_TABLE_NOTICE = (
    "未加载类似商品和服务区分表：只能按类别（第1-45类）填报和比较。",
    "No similar-goods table is loaded: goods can only be given and compared by class (1-45).",
)


def mark_read(mark: Mark) -> MarkRead:
    image = mark.image
    editions = sorted({g.edition for g in mark.goods if g.edition})
    return MarkRead(
        id=mark.id,
        number=mark.number,
        kind=mark.kind,  # type: ignore[arg-type]
        text=mark.text,
        scripts=[s for s in mark.scripts.split(",") if s],
        text_language=mark.text_language,
        applicant_name=mark.applicant_name,
        applicant_id=mark.applicant_id,
        filing_date=mark.filing_date,
        priority_date=mark.priority_date,
        status=mark.status,  # type: ignore[arg-type]
        registration_date=mark.registration_date,
        well_known=mark.well_known,
        well_known_basis=mark.well_known_basis,
        well_known_on=mark.well_known_on,
        application_id=mark.application_id,
        goods=[
            GoodsLineRead(
                class_number=g.class_number,
                group_code=g.group_code,
                item_code=g.item_code,
                name=g.name,
                edition=g.edition,
            )
            for g in mark.goods
        ],
        goods_edition=editions[0] if editions else None,
        image=MarkImageRead(
            sha256=image.sha256,
            format=image.format,
            width=image.width,
            height=image.height,
            byte_size=image.byte_size,
            phash=image.phash,
            dhash=image.dhash,
            whash=image.whash,
            keypoint_count=image.keypoint_count,
        )
        if image is not None
        else None,
        version=mark.version,
    )


def _settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


def _parse_data(raw: str) -> MarkCreate:
    try:
        return MarkCreate.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        raise InvalidInput(
            f"data{'.' + where if where else ''}: {message}", field=where or "data"
        ) from exc


def read_upload(image: UploadFile | None, settings: Settings) -> ImageUpload | None:
    """The uploaded image checked by content, or None when no file was sent."""
    if image is None:
        return None
    limit = settings.trademark_image_max_bytes
    data = image.file.read(limit + 1)
    if not data and not image.filename:
        return None
    if len(data) > limit:
        raise InvalidInput(
            f"the image has more than {limit} bytes; at most {limit} are accepted", field="image"
        )
    limits = ImageLimits(max_bytes=limit, max_pixels=settings.trademark_image_max_pixels)
    return ImageUpload(data, check_image(data, limits=limits))


@router.post("/marks", response_model=MarkRead, status_code=201)
def register_mark(
    request: Request,
    session: DbSession,
    data: Annotated[str, Form(max_length=100_000)],
    image: Annotated[UploadFile | None, File()] = None,
    principal: Principal = allow(Role.APPLICANT, Role.AGENT, Role.EXAMINER, Role.ADMINISTRATOR),
) -> JSONResponse:
    """Enter a mark: multipart form with `data` (MarkCreate as JSON) and an optional `image`
    (PNG or JPEG). A repeated submission returns the first mark with 200."""
    settings = _settings(request)
    payload = _parse_data(data)
    upload = read_upload(image, settings)
    mark, created = do_register_mark(
        session, actor=principal, data=payload, image=upload, home=settings.home
    )
    body = mark_read(mark).model_dump(mode="json")
    return JSONResponse(body, status_code=201 if created else 200)


@router.get("/marks", response_model=MarkPage)
def marks(
    session: DbSession,
    principal: Principal = allow(*EVERYONE),
    q: Annotated[str | None, Query(max_length=100)] = None,
    class_number: Annotated[int | None, Query(ge=1, le=45)] = None,
    status: MarkStatus | None = None,
    applicant_id: Annotated[int | None, Query(ge=1)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> MarkPage:
    """Marks in the register, newest filing first; `q` matches part of the text."""
    rows, total = list_marks(
        session,
        q=q,
        class_number=class_number,
        status=status,
        applicant_id=applicant_id,
        limit=limit,
        offset=offset,
    )
    return MarkPage(total=total, items=[mark_read(m) for m in rows])


@router.get("/marks/{number}", response_model=MarkRead)
def read_mark(
    number: NumberPath, session: DbSession, principal: Principal = allow(*EVERYONE)
) -> MarkRead:
    return mark_read(get_mark(session, number))


@router.get("/marks/{number}/image")
def mark_image(
    number: NumberPath,
    request: Request,
    session: DbSession,
    principal: Principal = allow(*EVERYONE),
) -> Response:
    """The mark's image as filed."""
    mark = get_mark(session, number)
    if mark.image is None:
        raise NotFound(f"mark {mark.number} has no image", field="number")
    path = _settings(request).home / mark.image.path
    if not path.is_file():
        raise NotFound(f"the image file of mark {mark.number} is missing", field="number")
    media = "image/png" if mark.image.format == "PNG" else "image/jpeg"
    return Response(path.read_bytes(), media_type=media)


@router.post("/marks/{number}/well-known", response_model=MarkRead)
def mark_well_known(
    number: NumberPath,
    request_body: WellKnownRequest,
    session: DbSession,
    principal: Principal = allow(Role.EXAMINER, Role.ADMINISTRATOR),
) -> MarkRead:
    """Record the recognition of a mark as well known (Trademark Law Art. 13-14)."""
    mark = do_mark_well_known(
        session,
        actor=principal,
        number=number,
        basis=request_body.basis,
        recognized_on=request_body.recognized_on,
        expected_version=request_body.expected_version,
    )
    return mark_read(mark)


@router.get("/goods", response_model=GoodsLookup)
def goods_lookup(
    session: DbSession,
    principal: Principal = allow(*EVERYONE),
    q: Annotated[str, Query(min_length=1, max_length=100)] = "",
    class_number: Annotated[int | None, Query(ge=1, le=45)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> GoodsLookup:
    """Items of the similar-goods table in force whose name contains `q` (or whose code
    starts with it). Without a loaded table the answer is empty and says so."""
    table = table_for(session)
    if table is None:
        zh, en = NO_TABLE_NOTICE
        return GoodsLookup(edition=None, notice_zh=zh, notice_en=en, items=[])
    items = lookup_items(q, table=table, limit=limit, class_number=class_number)
    return GoodsLookup(
        edition=table.edition,
        items=[
            GoodsItemRead(
                code=i.code,
                name=i.name,
                group_code=i.group_code,
                group_name=table.group_name(i.group_code),
                class_number=i.class_number,
            )
            for i in items
        ],
    )
