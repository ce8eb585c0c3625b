"""Nightly intake: check every pending submission in a folder or a bucket.

The flow reads as its stages: open storage -> list pending -> check each
(claim, load, the one `beian.check.check` pipeline, write the report, release)
-> a table artifact for the night -> counts. OCR runs in worker processes that
each load the engine once (`beian.workers.worker_pool`); with ``dask_address``
the tasks run on an existing Dask cluster instead, one engine per Dask worker.
Tasks retry only on storage errors; a broken submission is a ``review`` report,
never a failed run. The run fails only when storage cannot be reached.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.task_runners import ThreadPoolTaskRunner

from beian import intake
from beian.settings import get_settings, today
from beian.storage import Storage, StorageError, open_storage
from beian.workers import Workers

Progress = Callable[[intake.Outcome, int, int], None]  # (outcome, done, total): a progress display


@dataclass(frozen=True)
class Run:
    """What one run of the flow holds beside its parameters, seen only by that run's tasks (a
    context variable: task threads get a copy of the flow's context; a Dask worker has none and
    checks in its own process): its worker processes, and the caller's progress display."""

    pool: Workers | None = None
    progress: Progress | None = None


_RUN: ContextVar[Run | None] = ContextVar("beian_intake_run", default=None)


@contextmanager
def reporting(progress: Progress) -> Iterator[None]:
    """Runs of the flow started inside this block report each checked submission to ``progress``."""
    token = _RUN.set(Run(progress=progress))
    try:
        yield
    finally:
        _RUN.reset(token)


def _storage_error(task, task_run, state) -> bool:
    try:
        state.result()
    except StorageError:
        return True
    except Exception:
        return False
    return False


@lru_cache(maxsize=8)
def _storage(source: str) -> Storage:
    """One client (and connection pool) per source and process, shared by the tasks."""
    return open_storage(source)


@task(name="list-pending", retries=2, retry_delay_seconds=2, retry_condition_fn=_storage_error)
def list_pending(source: str) -> list[str]:
    return intake.pending(_storage(source))


def check_submission(source: str, submission_id: str, as_of: str, run_id: str) -> dict:
    """One submission, from plain data to a plain dict: what a Dask worker receives is
    this function, importable by its name there, and four strings; its storage client,
    settings and OCR engine are the worker's own."""
    s = get_settings()
    run = _RUN.get()
    out = intake.process(_storage(source), submission_id, dt.date.fromisoformat(as_of), run_id,
                         s.claim_ttl_minutes, executor=run.pool if run else None)
    return out.__dict__


# the task wraps the function under another name, so that pickle finds the function itself
# by its module and name (a Task and its function cannot share one name and both travel)
check_one = task(name="check-submission", retries=2, retry_delay_seconds=3,
                 retry_condition_fn=_storage_error)(check_submission)


def intake_night(source: str, as_of: str | None = None, workers: int = 0,
                 dask_address: str | None = None) -> dict:
    """Check every pending submission under ``source`` (a folder or s3://bucket[/prefix])."""
    logger = get_run_logger()
    storage = _storage(source)
    storage.check()  # unreachable storage fails the run here, loudly
    intake.preflight(storage, get_settings())  # a wrong engine or a read-only store, too
    day = as_of or today().isoformat()
    run_id = uuid.uuid4().hex[:12]
    ids = list_pending(source)
    logger.info("%d pending submission(s) in %s", len(ids), storage.url)
    n = workers or get_settings().workers
    # workers < 0: check inside the task threads, no worker processes (tiny batches, benchmarks)
    caller = _RUN.get()
    run = Run(None if dask_address or n < 0 else Workers(n), caller.progress if caller else None)
    token = _RUN.set(run)  # the tasks submitted below copy this context
    try:
        futures = [check_one.submit(source, sid, day, run_id) for sid in ids]
        outcomes = []
        for sid, fut in zip(ids, futures):
            try:
                outcomes.append(intake.Outcome(**fut.result()))
            except StorageError as exc:
                outcomes.append(intake.Outcome(sid, "error", {}, note=str(exc)))
                logger.error("%s: %s", sid, exc)
            if run.progress:
                run.progress(outcomes[-1], len(outcomes), len(ids))
    finally:
        _RUN.reset(token)
        if run.pool is not None:
            run.pool.shutdown()
    counts = _counts(outcomes)
    if counts["error"]:
        storage.check()  # still unreachable after the retries: fail loudly
    create_table_artifact([o.row() for o in outcomes] or [{"submission": "-", "verdict": "none pending"}],
                          key="nightly-intake", description=f"Intake of {storage.url} as of {day}: {counts}")
    if outcomes:  # a night with nothing to check keeps the last index
        index = intake.write_index(storage, outcomes, f"夜间审核 {day}（{storage.url}）")
        link = f"{storage.url.rstrip('/')}/{index}"
        link = link if "://" in link else Path(link).resolve().as_uri()
        create_markdown_artifact(  # ids and counts only: the pages behind the link hold the personal data
            f"# Nightly intake {day}\n\n[Review pages: index of this run]({link})\n\n"
            + " · ".join(f"{k} {v}" for k, v in counts.items()), key="nightly-intake-index",
            description=f"Review pages of the intake of {storage.url} as of {day}")
    logger.info("done: %s", counts)
    return counts


# As with the task: the Flow object and its function under different names, so that the
# function pickles by reference when a Dask client ships the flow run's context (by value it
# would take this module's globals along: the CLI's progress display, its locks).
nightly_intake = flow(name="nightly-intake", log_prints=False,
                      task_runner=ThreadPoolTaskRunner(max_workers=8))(intake_night)


def _counts(outcomes: list[intake.Outcome]) -> dict:
    counts = {"pending": len(outcomes), "pass": 0, "review": 0, "skipped": 0, "error": 0}
    for o in outcomes:
        counts[o.verdict] = counts.get(o.verdict, 0) + 1
    return counts


def _dask_flow():
    """For deployments: the flow on the Dask cluster named by BEIAN_DASK_ADDRESS."""
    from prefect_dask import DaskTaskRunner

    from beian.settings import get_settings

    address = get_settings().dask_address
    return nightly_intake.with_options(name="nightly-intake-dask",
                                       task_runner=DaskTaskRunner(address=address) if address else None)


def with_runner(workers: int = 0, dask_address: str | None = None):
    """The flow with the task runner for this machine, or for a Dask cluster."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return nightly_intake.with_options(task_runner=DaskTaskRunner(address=dask_address))
    n = workers or get_settings().workers or 0
    return nightly_intake.with_options(task_runner=ThreadPoolTaskRunner(max_workers=max(2, (n or os.cpu_count() or 1) * 2)))


def __getattr__(name: str):
    """``nightly_intake_dask`` (the Dask deployment's entrypoint) is built on first use:
    importing prefect_dask costs ~0.4 s that a run on one machine should not pay."""
    if name == "nightly_intake_dask":
        return _dask_flow()
    raise AttributeError(name)


if __name__ != "beian.flows.nightly":
    # Loaded from its file (an entrypoint given by path, `flows/nightly.py:nightly_intake`):
    # use the installed module's objects, whose functions pickle by a name Dask workers import.
    from beian.flows.nightly import check_one, list_pending, nightly_intake  # noqa: E402,F811
