"""`ipoffice parties`: applicant-name resolution in batch."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ipoffice.cli.common import friendly_errors
from ipoffice.core.errors import InvalidInput
from ipoffice.screening.names import DEFAULT_THRESHOLD, resolve

app = typer.Typer(help="Parties (applicants and agencies).", no_args_is_help=True)


def _read_names(path: Path) -> list[str]:
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file", field="input")
    names = []
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
            except UnicodeDecodeError as exc:
                raise InvalidInput(
                    f"{path}, line {number}: not UTF-8 (byte {exc.start})", field="input"
                ) from exc
            if line:
                names.append(line)
    return names


@app.command("resolve")
@friendly_errors
def resolve_cmd(
    input_path: Path = typer.Option(..., "--input", help="Names, one a line (UTF-8)."),
    out: Path = typer.Option(..., "--out", help="Where to write {name, entity} JSON lines."),
    threshold: float = typer.Option(DEFAULT_THRESHOLD, help="Similarity needed for a typo merge."),
) -> None:
    """Resolve names of the same organisation written differently to one entity."""
    names = _read_names(input_path)
    resolutions = resolve(names, threshold=threshold)
    temporary = out.with_name(out.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        for item in resolutions:
            line = {"name": item.name, "entity": item.entity}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    temporary.replace(out)
    entities = len({r.entity for r in resolutions})
    typer.echo(f"{len(resolutions)} names resolved to {entities} entities -> {out}")
