"""Form handling of the trademark examination pages: form fields to validated models, goods
typed one per line, and the steps of a proceeding posted through one form route."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.errors import InvalidInput
from ipoffice.core.identity import Principal
from ipoffice.trademarks import proceedings_actions
from ipoffice.trademarks.examination_schemas import (
    AnswerCreate,
    CloseRequest,
    DecisionCreate,
    ExtensionCreate,
    ServiceRecord,
)
from ipoffice.trademarks.tm_workflow import ProceedingStatus

M = TypeVar("M", bound=BaseModel)
_GOODS_LINE = re.compile(r"^\s*(\d{1,2})\s*[:：.\s]\s*(\S.*?)\s*$")


def form_model(cls: type[M], **fields: Any) -> M:
    """A form's fields as a validated model; the first problem as a clear error."""
    try:
        return cls.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or None
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidInput(f"{where}: {message}" if where else message, field=where) from None


def parse_goods(text: str) -> list[dict[str, Any]]:
    """Goods typed one per line as "class goods", e.g. "9 手机" or "9：手机"."""
    goods = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _GOODS_LINE.match(line)
        if match is None:
            raise InvalidInput(
                f"goods line {number} ({line.strip()[:40]!r}) must read 'class goods', "
                "e.g. '9 手机'",
                field="goods",
            )
        goods.append({"nice_class": int(match.group(1)), "goods": match.group(2)})
    return goods


class StepForm(BaseModel):
    """Every field a proceeding step's form may send; each step reads its own."""

    expected_version: int
    served_on: str = ""
    answer: str = ""
    approved_on: str = ""
    approval_reference: str = ""
    outcome: str = ""
    decided_on: str = ""
    reasons: str = ""
    goods: str = ""
    note: str = ""


def run_step(
    session: Session,
    principal: Principal,
    proceeding_id: int,
    step: str,
    form: StepForm,
    *,
    calendar: WorkingDayCalendar,
    today: date,
) -> object:
    """Run one step; `today` is the office's date (the date of an answer or a closing)."""
    pid, version = proceeding_id, form.expected_version
    common: dict[str, Any] = {"session": session, "principal": principal, "proceeding_id": pid}
    if step == "serve":
        data = form_model(ServiceRecord, served_on=form.served_on, expected_version=version)
        return proceedings_actions.do_serve_opposition(**common, data=data, today=today)
    if step == "answer":
        answer = form_model(AnswerCreate, answer=form.answer, expected_version=version)
        return proceedings_actions.do_answer_opposition(
            **common, data=answer, today=today, calendar=calendar
        )
    if step == "extend":
        extension = form_model(
            ExtensionCreate,
            approved_on=form.approved_on,
            approval_reference=form.approval_reference,
            expected_version=version,
        )
        return proceedings_actions.do_extend_proceeding(
            **common, data=extension, today=today, calendar=calendar
        )
    if step == "decide":
        decision = form_model(
            DecisionCreate,
            outcome=form.outcome,
            decided_on=form.decided_on,
            reasons=form.reasons,
            goods=parse_goods(form.goods),
            expected_version=version,
        )
        return proceedings_actions.do_decide_proceeding(
            **common, data=decision, today=today, calendar=calendar
        )
    target = {"withdraw": ProceedingStatus.WITHDRAWN, "not_accept": ProceedingStatus.NOT_ACCEPTED}
    if step not in target:
        raise InvalidInput(f"unknown step {step!r}", field="step")
    close = form_model(CloseRequest, note=form.note.strip() or None, expected_version=version)
    return proceedings_actions.do_close_proceeding(
        **common, target=target[step], data=close, today=today
    )
