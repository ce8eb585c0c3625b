"""The PaddleOCR model directories made from the shipped ONNX models (no paddleocr needed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from beian.errors import ConfigError
from beian.extractors import paddle_models


def test_directories_hold_the_shipped_models_and_their_dictionary(tmp_path):
    dirs = paddle_models.prepare(tmp_path)
    for d, name in ((dirs.det, paddle_models.DET_NAME), (dirs.rec, paddle_models.REC_NAME)):
        assert (d / "inference.onnx").read_bytes() == paddle_models.shipped_model(name).read_bytes(), d
        cfg = yaml.safe_load((d / "inference.yml").read_text(encoding="utf-8"))
        assert cfg["Global"]["model_name"] == name, cfg["Global"]
    chars = yaml.safe_load((dirs.rec / "inference.yml").read_text(encoding="utf-8"))["PostProcess"]["character_dict"]
    assert chars == paddle_models._characters(dirs.rec / "inference.onnx"), "the dictionary did not survive YAML"
    assert len(chars) > 18000 and {"营", "执", "照", "\\", '"', ":", "#"} <= set(chars)


def test_a_second_call_reuses_the_directories(tmp_path):
    first = paddle_models.prepare(tmp_path)
    stamp = (first.rec / "inference.yml").stat().st_mtime_ns
    assert paddle_models.prepare(tmp_path) == first
    assert (first.rec / "inference.yml").stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [first.det.parent.name], "temporary directories left behind"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_cache_is_a_clear_error(tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(ConfigError, match="BEIAN_PADDLE_CACHE_DIR"):
            paddle_models.prepare(tmp_path / "cache")
    finally:
        tmp_path.chmod(0o700)


def test_a_cache_that_is_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "cache").write_text("not a directory")
    with pytest.raises(ConfigError, match="cannot prepare the PaddleOCR model directories"):
        paddle_models.prepare(tmp_path / "cache")


@pytest.mark.parametrize("det, rec", [("missing", "missing"), ("empty", "missing")])
def test_a_sites_own_directories_must_hold_a_model(tmp_path, det, rec):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="BEIAN_PADDLE_DET_DIR"):
        paddle_models.check(tmp_path / det, tmp_path / rec, "d", "r")


def test_a_sites_own_directories_are_taken_as_they_are(tmp_path):
    made = paddle_models.prepare(tmp_path / "made")
    dirs = paddle_models.check(made.det, made.rec, "PP-OCRv6_small_det", "PP-OCRv6_small_rec")
    assert (dirs.det, dirs.rec) == (Path(made.det), Path(made.rec))
