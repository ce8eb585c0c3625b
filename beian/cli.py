"""The ``beian`` command line.

``beian extract FILE [--json]`` reads one scan; ``beian check SUBMISSION [--json]
[--as-of DATE]`` checks a submission. Exit status: 0 done / pass, 1 review, 2 bad
usage or unusable input (one line on stderr, no traceback).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from beian.errors import InputError
from beian.models import Extraction

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Read and verify ICP filing (网站备案) submissions.")


def fail(message: str) -> None:
    print(f"beian: error: {message}", file=sys.stderr)
    raise typer.Exit(2)


@app.callback()
def main() -> None:
    """Read and verify ICP filing (网站备案) submissions."""


@app.command()
def extract(file: Path = typer.Argument(..., help="a scan: JPEG, PNG, WebP, BMP, TIFF or PDF"),
            as_json: bool = typer.Option(False, "--json", help="print the contract's JSON")) -> None:
    """Read the documents in one scan and print their fields."""
    from beian.extractors.read import read_file

    try:
        result = read_file(file)
    except InputError as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        _print_table(result)


@app.command("check")
def check_cmd(submission: str = typer.Argument(..., help="a submission folder"),
              as_json: bool = typer.Option(False, "--json", help="print the contract's report JSON"),
              as_of: str = typer.Option(None, "--as-of", help="date for expiry checks, YYYY-MM-DD (default today)")
              ) -> None:
    """Check one submission against its scans and the filing rules. Exit 0 pass, 1 review."""
    import datetime as dt

    from beian.check import check, load_folder

    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        fail(f"--as-of: not a date (YYYY-MM-DD): {as_of!r}")
    try:
        report = check(load_folder(submission), as_of=day)
    except InputError as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    raise typer.Exit(0 if report.verdict == "pass" else 1)


def _console() -> Console:
    # piped output keeps whole words instead of a narrow 80-column table
    return Console(width=None if sys.stdout.isatty() else 200)


def _print_report(report) -> None:
    console = _console()
    colour = "green" if report.verdict == "pass" else "red"
    console.print(f"[bold]{report.submission_id}[/bold]  verdict: [{colour}]{report.verdict}[/{colour}]"
                  f"  (as of {report.as_of}, {len(report.documents)} documents)")
    table = Table(show_lines=False)
    for col in ("rule", "field", "status", "entered", "found", "document", "message"):
        table.add_column(col, overflow="fold")
    for c in report.checks:
        if c.status == "match":
            continue
        style = "yellow" if c.status == "warning" else "red"
        table.add_row(c.rule, c.field or "", f"[{style}]{c.status}[/{style}]", c.entered or "", c.found or "",
                      c.document or "", c.message)
    matched = sum(c.status == "match" for c in report.checks)
    console.print(table)
    console.print(f"{matched} checks matched")


def _print_table(result: Extraction) -> None:
    console = _console()
    if not result.documents:
        console.print(f"{result.file}: no documents found")
    for doc in result.documents:
        table = Table(title=f"{result.file} · page {doc.page} · {doc.type}", title_justify="left")
        table.add_column("field")
        table.add_column("value")
        table.add_column("confidence", justify="right")
        for name, f in doc.fields.items():
            value = f.value if f.found else "[red]missing[/red]"
            note = " [yellow](corrected)[/yellow]" if f.corrected else ""
            table.add_row(name, f"{value}{note}", f"{f.confidence:.2f}")
        console.print(table)
        if doc.quality and doc.quality.warnings:
            console.print(f"  capture: {', '.join(doc.quality.warnings)}")


if __name__ == "__main__":  # pragma: no cover
    app()
