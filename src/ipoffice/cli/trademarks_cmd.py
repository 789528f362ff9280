"""`ipoffice trademarks`: trademark work from the shell."""

from __future__ import annotations

import json
import unicodedata

import typer

from ipoffice.cli.common import database, friendly_errors
from ipoffice.core.errors import InvalidInput

app = typer.Typer(help="Trademarks: word-mark comparison and more.", no_args_is_help=True)


def _codes(values: list[str]) -> list[str]:
    """Codes given as repeated options and/or comma-separated (`--goods-a 0901,0902`)."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


@app.command("compare")
@friendly_errors
def compare(
    mark_a: str = typer.Argument(..., help="The first word mark (Chinese, Latin or mixed)."),
    mark_b: str = typer.Argument(..., help="The second word mark."),
    goods_a: list[str] = typer.Option(
        [], "--goods-a", help="Goods/services code of mark A (repeatable or comma-separated)."
    ),
    goods_b: list[str] = typer.Option(
        [], "--goods-b", help="Goods/services code of mark B (repeatable or comma-separated)."
    ),
    lang: str = typer.Option("zh", help="Language of the table: zh or en."),
    as_json: bool = typer.Option(False, "--json", help="Print the comparison as JSON."),
) -> None:
    """Compare two word marks by text, containment, pinyin, glyph, sound and meaning."""
    if lang not in ("zh", "en"):
        raise InvalidInput("lang must be zh or en", field="lang")
    from ipoffice.trademarks.similarity import (
        ASPECT_LABELS,
        check_goods_sides,
        compare_with_goods,
    )

    codes_a, codes_b = _codes(goods_a), _codes(goods_b)
    check_goods_sides(codes_a, codes_b)
    table = None
    if codes_a:
        from ipoffice.trademarks.goods_table import table_for

        # The edition of the similar-goods table in force today, if one is loaded.
        with database() as db, db.session(write=False) as session:
            table = table_for(session)
    result = compare_with_goods(mark_a, mark_b, codes_a, codes_b, table=table)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    zh = lang == "zh"
    verdict = (
        ("近似" if result.similar else "不近似")
        if zh
        else ("similar" if result.similar else "not similar")
    )
    typer.echo(f"{mark_a} / {mark_b}: {verdict} ({result.score:.3f})")
    typer.echo(result.explanation_zh if zh else result.explanation_en)
    typer.echo("")
    for name, aspect in result.aspects.items():
        label = ASPECT_LABELS.get(name, (name, name))[0 if zh else 1]
        mark = "*" if name in result.decisive else " "
        text = aspect.explanation_zh if zh else aspect.explanation_en
        typer.echo(f"{mark} {_pad(label, 20)} {aspect.score:6.3f}  {text}")


index_app = typer.Typer(help="The conflict-search index of the register.", no_args_is_help=True)
app.add_typer(index_app, name="index")


@app.command("search")
@friendly_errors
def search(
    text: str = typer.Argument(..., help="The word mark to search for."),
    class_numbers: list[int] = typer.Option(
        [], "--class", help="Nice class of the goods (repeatable)."
    ),
    goods: list[str] = typer.Option(
        [], "--goods", help="Class, similar-group or item code (repeatable or comma-separated)."
    ),
    before: str | None = typer.Option(
        None, "--before", help="The mark's filing or priority date YYYY-MM-DD (default today)."
    ),
    top: int = typer.Option(20, "--top", help="How many conflicts to list (1-200)."),
    as_json: bool = typer.Option(False, "--json", help="Print the conflicts as JSON."),
) -> None:
    """Earlier marks in conflict with TEXT (Trademark Law Art. 30, 31, 13), best first."""
    from datetime import date

    from ipoffice.cli.common import settings
    from ipoffice.trademarks.conflict_service import conflict_rows, search_register

    on = None
    if before is not None:
        try:
            on = date.fromisoformat(before)
        except ValueError as exc:
            raise InvalidInput(
                f"--before {before!r} is not a date YYYY-MM-DD", field="before"
            ) from exc
    current = settings()
    with database() as db, db.session(write=False) as session:
        report = search_register(
            session,
            home=current.home,
            database_url=current.resolved_database_url,
            text=text,
            classes=class_numbers,
            goods=_codes(goods),
            before=on,
            top=top,
        )
    rows = conflict_rows(report)
    if as_json:
        keys = ("number", "text", "score", "similar", "ground", "aspects", "classes",
                "filing_date", "priority_date", "status", "same_day", "explanation_en")  # fmt: skip
        typer.echo(
            json.dumps([{k: r[k] for k in keys} for r in rows], ensure_ascii=False, indent=2)
        )
        return
    for notice in report["notices"]:
        typer.echo(notice["zh"])
    if not rows:
        typer.echo("没有找到在先的近似商标 / no earlier similar marks found")
    for r in rows:
        flag = "近似" if r["similar"] else "    "
        classes = ",".join(map(str, r["classes"]))
        typer.echo(
            f"{r['score']:.3f} {flag} {_pad(r['text'], 24)} No.{r['number']:<10} "
            f"{r['filing_date']} [{classes}] {r['ground']}"
        )


@index_app.command("rebuild")
@friendly_errors
def index_rebuild(
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Processes analysing marks."),
) -> None:
    """Rebuild the conflict-search index of the register under IPOFFICE_HOME."""
    import time

    from ipoffice.cli.common import settings
    from ipoffice.trademarks.conflict_register import register_index

    current = settings()
    started = time.perf_counter()
    with database() as db, db.session(write=False) as session:
        index = register_index(current.home, current.resolved_database_url).rebuild(
            session, workers=workers
        )
    typer.echo(
        f"indexed {len(index)} marks in {time.perf_counter() - started:.1f} s "
        f"({index.nbytes / 1e6:.1f} MB) under {current.home}"
    )
