"""PaddleOCR model directories made from the ONNX models shipped in the rapidocr wheel.

`paddleocr` loads a model from a directory holding ``inference.onnx`` and an
``inference.yml`` (the model's name, pre- and post-processing; for recognition
the character dictionary). It downloads them when it is given none, which fails
offline ("No available model hosting platforms detected"). `prepare` writes the
two directories once into a cache directory from the PP-OCRv6 small models that
the default engine already ships, so that both engines read with the same
weights; a site's own directories are used as they are (`check`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from beian.errors import ConfigError

DET_NAME, REC_NAME = "PP-OCRv6_small_det", "PP-OCRv6_small_rec"
_SHIPPED = {DET_NAME: "PP-OCRv6_det_small.onnx", REC_NAME: "PP-OCRv6_rec_small.onnx"}


@dataclass(frozen=True)
class ModelDirs:
    det: Path
    rec: Path
    det_name: str = DET_NAME
    rec_name: str = REC_NAME


def shipped_model(name: str) -> Path:
    """The ONNX file of that PaddleOCR model inside the installed rapidocr wheel."""
    import rapidocr

    path = Path(rapidocr.__file__).parent / "models" / _SHIPPED[name]
    if not path.is_file():
        raise ConfigError(f"the rapidocr wheel holds no {path.name}; reinstall rapidocr==3.10.0")
    return path


FORMAT = 3  # of the files written here: a change makes a new cache directory


def _config(name: str, transform_ops: list[dict], postprocess: dict) -> str:
    import yaml

    ops = [{"DecodeImage": {"channel_first": False, "img_mode": "BGR"}}, *transform_ops]
    return yaml.safe_dump({"Global": {"model_name": name}, "PreProcess": {"transform_ops": ops},
                           "PostProcess": postprocess}, allow_unicode=True, sort_keys=False)


def _det_yml(name: str) -> str:
    # the settings the default engine runs these same weights with (rapidocr's config.yaml):
    # mean/std 0.5, DB box threshold 0.5, unclip 1.6 with dilation. PaddleOCR's own defaults
    # (ImageNet mean/std, 0.6, 1.5) read 121 of the 135 real fields, these 125.
    return _config(name, [{"DetResizeForTest": {"resize_long": 960}},
                          {"NormalizeImage": {"mean": [0.5] * 3, "std": [0.5] * 3, "order": "hwc"}},
                          {"ToCHWImage": None},
                          {"KeepKeys": {"keep_keys": ["image", "shape", "polys", "ignore_tags"]}}],
                   {"name": "DBPostProcess", "thresh": 0.3, "box_thresh": 0.5, "max_candidates": 1000,
                    "unclip_ratio": 1.6, "use_dilation": True})


def _rec_yml(name: str, characters: list[str]) -> str:
    return _config(name, [{"MultiLabelEncode": {"gtc_encode": "NRTRLabelEncode"}},
                          {"RecResizeImg": {"image_shape": [3, 48, 320]}},
                          {"KeepKeys": {"keep_keys": ["image", "label_ctc", "label_gtc", "length", "valid_ratio"]}}],
                   {"name": "CTCLabelDecode", "character_dict": characters})


def _characters(onnx: Path) -> list[str]:
    import onnxruntime as ort

    session = ort.InferenceSession(str(onnx), providers=["CPUExecutionProvider"])
    meta = session.get_modelmeta().custom_metadata_map
    if "character" not in meta:
        raise ConfigError(f"{onnx.name} carries no character dictionary in its metadata")
    return meta["character"].splitlines()


def prepare(cache_dir: Path) -> ModelDirs:
    """The det and rec directories under ``cache_dir``, written on first use (atomically:
    a directory appears complete or not at all) and reused after; keyed by the models' bytes."""
    det_onnx, rec_onnx = shipped_model(DET_NAME), shipped_model(REC_NAME)
    key = hashlib.sha1(f"{FORMAT}:{det_onnx.stat().st_size}:{rec_onnx.stat().st_size}:{rec_onnx.stat().st_mtime_ns}"
                       .encode()).hexdigest()[:10]
    root = Path(cache_dir) / f"ppocrv6-small-{key}"
    dirs = ModelDirs(root / "det", root / "rec")
    if all((d / "inference.yml").is_file() for d in (dirs.det, dirs.rec)):
        return dirs
    try:
        root.mkdir(parents=True, exist_ok=True)
        for target, onnx, yml in ((dirs.det, det_onnx, _det_yml(DET_NAME)),
                                  (dirs.rec, rec_onnx, _rec_yml(REC_NAME, _characters(rec_onnx)))):
            tmp = root / f".{target.name}-{os.getpid()}"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            try:
                os.link(onnx, tmp / "inference.onnx")  # no copy where the cache shares the disk
            except OSError:
                shutil.copyfile(onnx, tmp / "inference.onnx")
            (tmp / "inference.yml").write_text(yml, encoding="utf-8")
            try:
                tmp.rename(target)
            except OSError:  # another process finished it first
                shutil.rmtree(tmp, ignore_errors=True)
    except OSError as exc:
        raise ConfigError(f"cannot prepare the PaddleOCR model directories in {root} ({exc.strerror}); "
                          "set BEIAN_PADDLE_CACHE_DIR to a writable directory or BEIAN_PADDLE_DET_DIR "
                          "and BEIAN_PADDLE_REC_DIR to your own models") from None
    return dirs


def check(det: Path, rec: Path, det_name: str, rec_name: str) -> ModelDirs:
    """A site's own model directories, checked before paddleocr would try to download."""
    for d, what in ((det, "BEIAN_PADDLE_DET_DIR"), (rec, "BEIAN_PADDLE_REC_DIR")):
        if not (d / "inference.yml").is_file():
            raise ConfigError(f"{what}={d}: no inference.yml there (a PaddleOCR model directory holds "
                              "inference.yml and inference.onnx or inference.json/.pdiparams)")
    return ModelDirs(Path(det), Path(rec), det_name, rec_name)
