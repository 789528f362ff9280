"""Docs a test keeps honest: every setting and every CLI command is documented."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from ipoffice.cli import app as cli
from ipoffice.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def command_paths() -> list[list[str]]:
    root = typer.main.get_command(cli)
    paths: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(root, [])
    return paths


def test_every_setting_is_in_the_settings_table() -> None:
    table = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        env = f"IPOFFICE_{name.upper()}"
        row = next((line for line in table.splitlines() if f"`{env}`" in line), None)
        assert row is not None, f"{env} is not documented in docs/settings.md"
        assert field.description and row.count("|") >= 4, env


def test_every_command_is_documented_and_has_help() -> None:
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    runner = CliRunner()
    paths = command_paths()
    assert ["serve"] in paths and ["audit", "verify"] in paths
    for path in paths:
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        if path:
            assert f"ipoffice {' '.join(path)}" in reference, f"ipoffice {' '.join(path)}"


def test_readme_first_screen_gives_the_two_commands() -> None:
    first_screen = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:30]
    text = "\n".join(first_screen)
    assert "make demo" in text and "make test" in text
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_every_period_rule_is_documented() -> None:
    from ipoffice.core.periods import PERIOD_END_ON_NON_WORKING_DAY, RULES

    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in RULES:
        row = next(
            (
                line
                for line in page.splitlines()
                if f"`{rule.id}` | {rule.amount} " in line and f"{rule.effective_from} to" in line
            ),
            None,
        )
        assert row is not None, f"{rule.id} from {rule.effective_from} missing in docs/rules.md"
    assert PERIOD_END_ON_NON_WORKING_DAY.id in page
