"""A run's state is passed down, not kept in module globals or written into the environment:
settings a process was told (`beian.settings.configure`), and what one flow run holds (its worker
processes, the caller's progress display) in a context its tasks copy."""

from __future__ import annotations

import os

import pytest
from pydantic import ValidationError

from beian import settings


@pytest.fixture
def fresh_settings():
    yield
    settings._OVERRIDES.clear()
    settings.get_settings.cache_clear()


def test_configure_sets_this_process_without_the_environment(fresh_settings):
    before = dict(os.environ)
    s = settings.configure(ocr_engine="paddleocr", workers=3)
    assert (s.ocr_engine, settings.get_settings().workers) == ("paddleocr", 3)
    assert dict(os.environ) == before, "nothing written into the environment for others to read back"
    assert settings.overrides() == {"ocr_engine": "paddleocr", "workers": 3}, "what a worker process is given"


def test_an_invalid_setting_is_refused_before_anything_is_kept(fresh_settings):
    settings.configure(workers=2)
    with pytest.raises(ValidationError):
        settings.configure(workers="many")
    assert settings.overrides() == {"workers": 2} and settings.get_settings().workers == 2


def test_a_progress_display_is_seen_only_by_runs_started_inside_its_block():
    from beian.flows import nightly as flows

    def show(outcome, done, total):
        pass

    assert flows._RUN.get() is None, "no run state outside a run"
    with flows.reporting(show):
        assert flows._RUN.get().progress is show
        assert flows._RUN.get().pool is None, "the worker processes are the run's own, made when it starts"
    assert flows._RUN.get() is None
