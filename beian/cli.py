"""The ``beian`` command line.

``beian extract FILE [--json]`` reads one scan. Exit status: 0 done, 2 bad usage
or unusable input (one line on stderr, no traceback).
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


def _print_table(result: Extraction) -> None:
    console = Console()
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
