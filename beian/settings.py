"""Settings from the environment (``BEIAN_`` prefix), with sensible defaults.

Limits protect the pipeline against hostile or broken uploads; raising them is a
deliberate choice of the operator, never of the code that reads a file.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BEIAN_", extra="ignore")

    ocr_engine: str = "rapidocr"
    # onnxruntime threads per process; 0 lets the engine use every core (one process),
    # 1 suits a pool with one worker per core
    ocr_threads: int = 0
    # replay the engine's answers from this folder, keyed by the pixels it is given
    # (benchmarks and tests: a reading change re-measured in seconds); off for a site
    ocr_cache_dir: str | None = None
    # a read-only replay under that folder (packed answers for known pixels: the tests' committed
    # samples, tests/ocr-replay); off for a site
    ocr_replay_dir: str | None = None
    # the paddleocr engine (pip install '.[paddle]'): its inference engine ("onnxruntime", offline
    # with the shipped PP-OCRv6 models; "paddle" needs paddlepaddle), where the model directories
    # made from the shipped models are kept, or a site's own model directories and names
    paddle_engine: str = "onnxruntime"
    paddle_device: str = "cpu"
    paddle_cache_dir: str = "~/.cache/beian-intake/paddleocr"
    paddle_det_dir: str | None = None
    paddle_rec_dir: str | None = None
    paddle_det_name: str = "PP-OCRv6_small_det"
    paddle_rec_name: str = "PP-OCRv6_small_rec"
    max_file_bytes: int = 50 * 1024 * 1024
    max_image_pixels: int = 80_000_000  # a 600 dpi A4 scan is ~35 Mpx
    max_file_pixels: int = 300_000_000  # every page of one file together
    max_submission_pixels: int = 600_000_000  # every page of one submission together
    max_pdf_pages: int = 50
    # a PDF is parsed and drawn in a child process with this address-space cap; what one page's
    # content streams (and the forms they draw) and a whole file's may inflate to before drawing
    pdf_memory_mb: int = 2048
    pdf_page_stream_bytes: int = 64 * 1024 * 1024
    pdf_file_stream_bytes: int = 256 * 1024 * 1024
    # the time one file may take to read (pages, drawing, OCR); past it the file is unreadable
    file_seconds: float = 120.0
    # one submission: files and bytes read (a filing needs a handful of scans)
    max_submission_files: int = 40
    max_submission_bytes: int = 200 * 1024 * 1024
    pdf_render_dpi: int = 200
    # a page longer than this on its longest side is scaled down before OCR
    ocr_max_side: int = 2400
    # provider checks: the upload profile the scans are held to (alibaba, tencent, huawei,
    # huawei-api; none: not checked) and the months a document must stay valid after submission
    upload_profile: str | None = None
    validity_margin_months: int = 3
    # the table of fileable domain suffixes (default: the bundled, dated one in validators/data)
    filable_suffixes_file: str | None = None
    # the Dask scheduler the nightly-intake-dask deployment fans its checks out to (tcp://host:8786)
    dask_address: str | None = None
    # beian api: keys ("name:key,..." or a file of "name sha256hex" lines), checks in flight per
    # key, checks queued beyond the worker processes, how long a request waits for its report
    # before it gets 202 and a job id, jobs remembered, the largest request body, and where
    # uploads are kept after the answer (a folder or s3://bucket; none: not kept; a key's keep=
    # overrides it), and the service's own store for jobs that outlive it and the audit trail
    # (default: the keep store; none: jobs in memory, the audit in the log)
    api_keys: SecretStr | None = None
    api_keys_file: str | None = None
    api_key_concurrency: int = 2
    api_queue: int = 8
    api_sync_seconds: float = 30.0
    api_jobs_kept: int = 1000
    api_max_request_bytes: int = 64 * 1024 * 1024
    api_keep_uploads: str | None = None
    api_store: str | None = None
    # confidence under which a read value counts as unreadable
    min_confidence: float = 0.80
    # object storage (MinIO / S3) for s3:// sources
    s3_endpoint: str | None = None
    s3_access_key: SecretStr | None = None
    s3_secret_key: SecretStr | None = None
    s3_secure: bool = True
    s3_region: str | None = None
    s3_timeout: float = 30.0
    s3_retries: int = 3
    # batch intake
    workers: int = 0  # OCR worker processes; 0 = one per core
    # the day expiry is judged on, when none is given: today where the filings are reviewed,
    # not on the worker's clock (a UTC worker at 02:00 Beijing time is still on yesterday)
    timezone: str = "Asia/Shanghai"
    claim_ttl_minutes: int = 120  # a claim older than this was left by a dead run


# what this process was told on top of its environment (`configure`): the CLI's options, a
# worker process's one OCR thread; handed on to the worker processes it starts (`overrides`)
_OVERRIDES: dict[str, object] = {}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """This process's settings: the environment's, with what `configure` was given on top."""
    return Settings(**_OVERRIDES)


def configure(**changes: object) -> Settings:
    """Set some of this process's settings by name (``ocr_engine="paddleocr"``), validated,
    instead of writing them into the environment for others to read back."""
    Settings(**{**_OVERRIDES, **changes})  # an invalid value fails here, before anything is kept
    _OVERRIDES.update(changes)
    get_settings.cache_clear()
    return get_settings()


def overrides() -> dict[str, object]:
    """What `configure` was given, for a worker process to be configured the same way."""
    return dict(_OVERRIDES)


def today(settings: Settings | None = None) -> dt.date:
    """Today in the review office's time zone (setting ``BEIAN_TIMEZONE``)."""
    return dt.datetime.now(ZoneInfo((settings or get_settings()).timezone)).date()
