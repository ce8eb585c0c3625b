"""The ``beian`` command line.

``beian [--engine NAME] extract FILE [--json]`` reads one scan; ``beian check SUBMISSION [--json]
[--as-of DATE]`` checks a submission. Exit status: 0 done / pass, 1 review, 2 bad
usage or unusable input (one line on stderr, no traceback).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

for _k, _v in {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
               "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90", "PREFECT_LOGGING_LEVEL": "WARNING"}.items():
    os.environ.setdefault(_k, _v)  # before Prefect is imported anywhere

import typer  # noqa: E402  (after the environment above)
from rich.console import Console  # noqa: E402  (after the environment above)
from rich.table import Table  # noqa: E402  (after the environment above)

from beian.errors import ConfigError, InputError  # noqa: E402  (after the environment above)
from beian.models import Extraction  # noqa: E402  (after the environment above)

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Read and verify ICP filing (网站备案) submissions.")


def fail(message: str) -> None:
    print(f"beian: error: {message}", file=sys.stderr)
    raise typer.Exit(2)


@app.callback()
def main(engine: str = typer.Option(None, "--engine", help="OCR engine: rapidocr (default) or paddleocr; "
                                    "the same as BEIAN_OCR_ENGINE")) -> None:
    """Read and verify ICP filing (网站备案) submissions."""
    if engine:  # this process's settings; the worker processes it starts are given the same
        from beian.settings import configure

        configure(ocr_engine=engine)


@app.command()
def extract(file: Path = typer.Argument(..., help="a scan: JPEG, PNG, WebP, BMP, TIFF or PDF"),
            as_json: bool = typer.Option(False, "--json", help="print the contract's JSON")) -> None:
    """Read the documents in one scan and print their fields."""
    from beian.extractors.read import read_file

    try:
        result = read_file(file)
    except (InputError, ConfigError) as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        _print_table(result)


@app.command("check")
def check_cmd(submission: str = typer.Argument(..., help="a submission folder"),
              as_json: bool = typer.Option(False, "--json", help="print the contract's report JSON"),
              as_of: str = typer.Option(None, "--as-of", help="date for expiry checks, YYYY-MM-DD (default today)"),
              html: Path = typer.Option(None, "--html", help="write the review page to DIR/index.html"),
              profile: str = typer.Option(None, "--profile", help="hold the scans to a provider's upload "
                                          "requirements: alibaba, tencent, huawei, huawei-api"),
              ) -> None:
    """Check one submission against its scans and the filing rules. Exit 0 pass, 1 review."""
    import datetime as dt

    from beian.check import check

    try:
        from beian.settings import today

        day = dt.date.fromisoformat(as_of) if as_of else today()
    except ValueError:
        fail(f"--as-of: not a date (YYYY-MM-DD): {as_of!r}")
    if profile:
        from beian.validators.upload_profiles import table

        if profile not in table()["profiles"]:
            fail(f"--profile: unknown upload profile {profile!r}; choose one of {', '.join(table()['profiles'])}")
    views: list = []
    try:
        sub = _load(submission)
        report = check(sub, as_of=day, views=views if html else None, profile=profile)
    except (InputError, ConfigError) as exc:
        fail(str(exc))
    if html:
        from beian.filing import load_filing
        from beian.review import submission_page

        try:
            html.mkdir(parents=True, exist_ok=True)
            (html / "index.html").write_text(submission_page(report, views, load_filing(sub.filing)),
                                             encoding="utf-8")
        except OSError as exc:
            fail(f"--html {html}: {exc.strerror}")
    if as_json:
        # the uploads a report checked are the nightly flow's record; a single check has none
        print(json.dumps(report.model_dump(mode="json", exclude={"uploads"}), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    raise typer.Exit(0 if report.verdict == "pass" else 1)


def _load(submission: str):
    from beian.sources import load_source

    return load_source(submission)


@app.command()
def run(source: str = typer.Argument(..., help="a folder, or s3://bucket[/prefix]"),
        as_of: str = typer.Option(None, "--as-of", help="date for expiry checks, YYYY-MM-DD"),
        workers: int = typer.Option(0, "--workers", help="OCR worker processes (default: one per core)"),
        dask_address: str = typer.Option(None, "--dask-address", help="run the checks on this Dask cluster"),
        ) -> None:
    """Run the intake flow once over every pending submission in SOURCE."""
    import datetime as dt

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from beian.storage import StorageError

    if as_of:
        try:
            dt.date.fromisoformat(as_of)
        except ValueError:
            fail(f"--as-of: not a date (YYYY-MM-DD): {as_of!r}")
    from beian.flows import nightly as flows

    console = _console()
    rows = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        bar = progress.add_task("checking submissions", total=None)

        def tick(outcome, done, total):
            rows.append(outcome)
            progress.update(bar, completed=done, total=total, description=f"checked {outcome.submission_id}")

        try:
            with flows.reporting(tick):
                counts = flows.with_runner(workers, dask_address)(source=source, as_of=as_of, workers=workers,
                                                                  dask_address=dask_address)
        except (StorageError, InputError, ConfigError) as exc:
            fail(str(exc))
    table = Table(title=f"nightly intake of {source}", title_justify="left")
    for col in ("submission", "verdict", "documents", "problems", "note"):
        table.add_column(col, overflow="fold")
    for o in rows:
        r = o.row()
        colour = {"pass": "green", "review": "red"}.get(o.verdict, "yellow")
        table.add_row(r["submission"], f"[{colour}]{r['verdict']}[/{colour}]", str(r["documents"]), r["problems"],
                      r["note"])
    console.print(table)
    console.print(" · ".join(f"{k} {v}" for k, v in counts.items()))


@app.command()
def api(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8080, "--port"),
        workers: int = typer.Option(0, "--workers", help="OCR worker processes (default: one per core)")) -> None:
    """The pre-screening HTTP service: POST /v1/checks, GET /healthz, /metrics, /docs."""
    if workers:
        from beian.settings import configure

        configure(workers=workers)
    from beian.api import serve as serve_api

    try:
        serve_api(host, port)
    except ConfigError as exc:
        fail(str(exc))


keys_app = typer.Typer(no_args_is_help=True, help="The API keys file (BEIAN_API_KEYS_FILE): add, revoke, list. "
                       "A running `beian api` re-reads it when it changes.")
app.add_typer(keys_app, name="keys")


def _keys_file(file: Path | None) -> Path:
    from beian.settings import get_settings

    path = file or (Path(get_settings().api_keys_file) if get_settings().api_keys_file else None)
    if path is None:
        fail("name the keys file: --file PATH or BEIAN_API_KEYS_FILE")
    return path


@keys_app.command("add")
def keys_add(name: str = typer.Argument(..., help="the key's name (in the audit trail and in 429s)"),
             read: list[str] = typer.Option([], "--read", help="an s3:// prefix the key may name as a source "
                                            "(repeatable; none: it names no source)"),
             keep: str = typer.Option(None, "--keep", help="where its uploads are kept (folder or s3://bucket"
                                      "[/prefix]; default BEIAN_API_KEEP_UPLOADS)"),
             file: Path = typer.Option(None, "--file", help="the keys file (default BEIAN_API_KEYS_FILE)")) -> None:
    """Add a key; its secret is printed once and stored only as its SHA-256."""
    from beian.keys import add_key

    try:
        print(add_key(_keys_file(file), name, read, keep))
    except ConfigError as exc:
        fail(str(exc))


@keys_app.command("revoke")
def keys_revoke(name: str = typer.Argument(...), file: Path = typer.Option(None, "--file")) -> None:
    """Remove a key: a running service refuses it from its next request on."""
    from beian.keys import revoke_key

    try:
        revoke_key(_keys_file(file), name)
    except ConfigError as exc:
        fail(str(exc))


@keys_app.command("list")
def keys_list(file: Path = typer.Option(None, "--file")) -> None:
    """The keys' names and scopes (never a secret)."""
    from beian.keys import parse_file

    path = _keys_file(file)
    try:
        keys = parse_file(path.read_text(encoding="utf-8")) if path.exists() else []
    except (ConfigError, OSError, UnicodeDecodeError) as exc:
        fail(f"{path}: {exc}")
    for k in keys:
        print("\t".join([k.name, " ".join(k.read) or "-", k.keep or "(the service's keep store)"]))


@app.command()
def audit(store: str = typer.Argument(..., help="the service's store (BEIAN_API_STORE, default BEIAN_API_KEEP_UPLOADS)"),
          day: str = typer.Option(None, "--day", help="YYYY-MM-DD (UTC; default today)")) -> None:
    """Print the service's audit trail of one day, one JSON line a request."""
    import datetime as dt

    from beian.audit import read
    from beian.storage import StorageError, open_storage

    try:
        when = dt.date.fromisoformat(day) if day else dt.datetime.now(dt.timezone.utc).date()
        for line in read(open_storage(store), when):
            print(json.dumps(line, ensure_ascii=False))
    except ValueError:
        fail(f"--day {day}: expected YYYY-MM-DD")
    except (StorageError, InputError) as exc:
        fail(str(exc))


@app.command()
def serve(source: str = typer.Argument(..., help="a folder, or s3://bucket[/prefix]"),
          cron: str = typer.Option("0 2 * * *", "--cron", help="when to run (Asia/Shanghai time)"),
          workers: int = typer.Option(0, "--workers")) -> None:
    """Serve the nightly intake on this machine on a schedule (flow.serve)."""
    from prefect.schedules import Cron

    from beian.flows import nightly as flows

    flows.with_runner(workers).serve(name="nightly-intake-local", schedules=[Cron(cron, timezone="Asia/Shanghai")],
                                     parameters={"source": source, "workers": workers}, global_limit=1)


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
