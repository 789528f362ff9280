"""`ipoffice screen`: batch screening of patent applications (CNIPA Order No. 77)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ipoffice.cli.common import database, friendly_errors
from ipoffice.core import audit
from ipoffice.core.clock import office_today
from ipoffice.core.errors import InvalidInput
from ipoffice.screening.detectors import default_detectors
from ipoffice.screening.pipeline import (
    Engine,
    JsonlSource,
    LocalEngine,
    Screening,
    ScreeningResult,
)
from ipoffice.screening.rule_store import office_rules
from ipoffice.screening.rules import OfficeRule, parse_rules
from ipoffice.screening.schemas import RunMeta
from ipoffice.screening.service import import_run

app = typer.Typer(
    help="Screen applications for abnormal filing (Order No. 77).", no_args_is_help=True
)

MAX_ERRORS_SHOWN = 50


class EngineName(StrEnum):
    LOCAL = "local"
    SPARK = "spark"


def _read_rules(path: Path | None) -> list[OfficeRule]:
    if path is None:
        return []
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file", field="rules")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path}: not a UTF-8 JSON file ({exc})", field="rules") from exc
    if not isinstance(data, list):
        raise InvalidInput(f"{path}: expected a JSON list of rules", field="rules")
    try:
        return parse_rules(data)
    except InvalidInput as exc:
        raise InvalidInput(f"{path}: {exc.message}", field=exc.field) from exc


def _write_lines(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    # Written beside the target and moved in place: a failed run leaves no half report.
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
    temporary.replace(path)


def _engine(name: EngineName, master: str) -> Engine:
    if name is EngineName.LOCAL:
        return LocalEngine()
    from ipoffice.screening.spark import SparkEngine

    return SparkEngine(master)


@app.command("run")
@friendly_errors
def run(
    input_path: Path = typer.Option(
        ..., "--input", help="Applications, JSON Lines (docs/formats.md)."
    ),
    out: Path = typer.Option(..., "--out", help="Report: one JSON line per application."),
    engine: EngineName = typer.Option(EngineName.LOCAL, help="Where per-application work runs."),
    spark_master: str = typer.Option("local[2]", help="Spark master URL for --engine spark."),
    rules: Path | None = typer.Option(None, help="Office rules (Art. 3(8)), a JSON list."),
    subjects: Path | None = typer.Option(
        None, help="Also write risk per applicant and agency, one JSON line each."
    ),
    as_of: str | None = typer.Option(None, help="Screening date YYYY-MM-DD (default today)."),
    store_rules: bool = typer.Option(
        True, help="Also apply the office rules kept in the database (administrators edit them)."
    ),
    record: bool = typer.Option(
        False, help="Also record the run in the database for examiners to review."
    ),
) -> None:
    """Screen every application of a file with every detector; bad lines are listed with their
    line number and the others screened."""
    if not input_path.is_file():
        raise InvalidInput(f"{input_path}: no such file", field="input")
    on = _date(as_of)
    office = _read_rules(rules)
    if store_rules:
        with database() as db, db.session(write=False) as session:
            office += office_rules(session)
    screening = Screening(default_detectors(rules=office), as_of=on)
    started = datetime.now(UTC)
    chosen = _engine(engine, spark_master)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    try:
        with Progress(*columns, transient=True) as progress:
            tasks: dict[str, Any] = {}

            def tick(stage: str, count: int) -> None:
                if stage not in tasks:
                    tasks[stage] = progress.add_task(stage, total=None)
                progress.advance(tasks[stage], count)
                done = int(progress.tasks[tasks[stage]].completed)
                progress.update(tasks[stage], description=f"{stage}: {done:,}")

            result = screening.run(JsonlSource(input_path), engine=chosen, progress=tick)
    finally:
        chosen.stop()
    application_rows = [a.as_dict() for a in result.applications]
    subject_rows = [s.as_dict() for s in result.subjects]
    _write_lines(out, application_rows)
    if subjects is not None:
        _write_lines(subjects, subject_rows)
    if record:
        meta = RunMeta(
            source=str(input_path),
            engine=engine.value,
            as_of=on,
            parameters={"detectors": [d.name for d in screening.detectors]},
            started_at=started,
            finished_at=datetime.now(UTC),
        )
        _record(application_rows + subject_rows, meta)
    _report(result, out)


@app.command("import")
@friendly_errors
def import_report(
    report: Path = typer.Argument(..., help="A report written by `screen run`."),
    subjects: Path | None = typer.Option(None, help="Its applicant and agency risk rows."),
    as_of: str | None = typer.Option(None, help="The date it was screened as of (default today)."),
    engine: EngineName = typer.Option(EngineName.LOCAL, help="The engine it ran on."),
) -> None:
    """Record a screening report in the database for examiners to review; importing the same
    report again records nothing twice."""
    rows: list[str] = []
    for path in (report, subjects):
        if path is None:
            continue
        if not path.is_file():
            raise InvalidInput(f"{path}: no such file", field="report")
        try:
            rows += path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"{path}: not UTF-8 (byte {exc.start})", field="report") from exc
    meta = RunMeta(source=str(report), engine=engine.value, as_of=_date(as_of))
    _record(rows, meta)


def _record(rows: list[str] | list[dict[str, Any]], meta: RunMeta) -> None:
    with database() as db, db.session(write=True) as session:
        run, created = import_run(session, rows, meta, actor=audit.SYSTEM)
        number = run.id
    verb = "recorded as run" if created else "already recorded as run"
    typer.echo(f"{meta.source}: {verb} {number} for review at /screening")


def _date(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else office_today()
    except ValueError as exc:
        raise InvalidInput(f"--as-of {text!r} is not a date YYYY-MM-DD", field="as_of") from exc


def _report(result: ScreeningResult, out: Path) -> None:
    for line in result.errors[:MAX_ERRORS_SHOWN]:
        typer.secho(f"bad record: {line}", fg=typer.colors.YELLOW, err=True)
    if len(result.errors) > MAX_ERRORS_SHOWN:
        typer.secho(f"... and {len(result.errors) - MAX_ERRORS_SHOWN} more", err=True)
    typer.echo(
        f"{len(result.applications):,} applications screened, {result.flagged:,} with findings, "
        f"{len(result.errors):,} lines refused -> {out}"
    )
    if result.errors:
        raise typer.Exit(1)
