"""Where submissions come from and reports go: a local folder or an S3 bucket (MinIO).

Both implement `Storage` over the same layout under a root:
``incoming/<id>/...`` (uploads, never modified or deleted) and
``reports/<id>/report.json``. Keys are relative to the root (a folder, or
``s3://bucket[/prefix]``). Writes are atomic (temporary key, then rename or
copy); `claim` creates a marker only if none exists (O_EXCL locally, a
conditional ``If-None-Match: *`` PUT on S3), so two runs never process one
submission. Every storage failure is a `StorageError` after bounded retries.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import io
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

from beian.errors import InputError
from beian.privacy import mask_file


class StorageError(Exception):
    """Storage unreachable or failing after retries (the message names the operation,
    with the file name masked). ``code``/``status``: the S3 error code and HTTP status."""

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.code, self.status = code, status


@dataclass(frozen=True)
class Entry:
    key: str
    modified: dt.datetime
    size: int
    # the object's version: S3's ETag; locally size, mtime, ctime and inode, which together
    # change on any rewrite, even one that preserves the modification time (cp -p, rsync -a)
    etag: str = ""


@dataclass(frozen=True)
class Versioned:
    """An object's bytes with the version they are (``etag``) and when it was written."""

    data: bytes
    etag: str
    modified: dt.datetime


class Storage(Protocol):
    """What the batch needs of a store. ``create``, ``replace_if`` and ``delete_if`` are
    conditional (``If-None-Match: *`` / ``If-Match: etag`` on S3, a file lock locally):
    of two runs racing on one key, exactly one succeeds."""

    url: str

    def list(self, prefix: str) -> list[Entry]: ...
    def read(self, key: str) -> bytes: ...
    def read_versioned(self, key: str) -> Versioned | None: ...
    def write(self, key: str, data: bytes) -> None: ...
    def create(self, key: str, data: bytes) -> bool: ...
    def replace_if(self, key: str, data: bytes, etag: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def delete_if(self, key: str, etag: str) -> bool: ...
    def check(self) -> None: ...


class FolderStorage:
    """The embedded default: the same layout in a local folder."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.url = str(self.root)

    def check(self) -> None:
        if not self.root.is_dir():
            raise StorageError(f"{self.root}: no such folder")

    def list(self, prefix: str) -> list[Entry]:
        base = self.root / prefix
        if not base.is_dir():
            return []
        out = []
        for p in sorted(base.rglob("*")):
            if p.is_file():
                st = p.stat()
                out.append(Entry(p.relative_to(self.root).as_posix(),
                                 dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc), st.st_size,
                                 f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"))
        return out

    def read(self, key: str) -> bytes:
        try:
            return (self.root / key).read_bytes()
        except OSError as exc:
            raise StorageError(f"read {mask_file(key)}: {exc.strerror}") from None

    def write(self, key: str, data: bytes) -> None:
        path = self.root / key
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)  # readers never see a torn file
        except OSError as exc:
            raise StorageError(f"write {mask_file(key)}: {exc.strerror}") from None

    @contextmanager
    def _locked(self, key: str, op: str):
        """An exclusive lock beside the key, for the conditional operations (one host,
        or a file system with working locks)."""
        path = self.root / key
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path.with_name(f".{path.name}.lock"), "a+b") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    yield path
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)
        except OSError as exc:
            raise StorageError(f"{op} {mask_file(key)}: {exc.strerror}") from None

    @staticmethod
    def _etag(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()[:32]

    def read_versioned(self, key: str) -> Versioned | None:
        path = self.root / key
        try:
            st = path.stat()
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StorageError(f"read {mask_file(key)}: {exc.strerror}") from None
        return Versioned(data, self._etag(data), dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc))

    def create(self, key: str, data: bytes) -> bool:
        with self._locked(key, "create") as path:
            if path.exists():
                return False
            self.write(key, data)  # whole, by rename: never seen empty
            return True

    def replace_if(self, key: str, data: bytes, etag: str) -> bool:
        with self._locked(key, "replace"):
            current = self.read_versioned(key)
            if current is None or current.etag != etag:
                return False
            self.write(key, data)
            return True

    def delete_if(self, key: str, etag: str) -> bool:
        with self._locked(key, "delete") as path:
            current = self.read_versioned(key)
            if current is None or current.etag != etag:
                return False
            path.unlink(missing_ok=True)
            return True

    def delete(self, key: str) -> None:
        try:
            (self.root / key).unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"delete {mask_file(key)}: {exc.strerror}") from None


class S3Storage:
    """MinIO (or any S3 server) through the minio SDK, with bounded timeouts and retries.

    minio-py's default HTTP client retries only some methods, waits up to 300 s,
    and raises urllib3 errors once retries run out: this client retries every
    method a few times with backoff and short timeouts, and both kinds of error
    become `StorageError`.
    """

    def __init__(self, bucket: str, prefix: str = "", *, endpoint: str, access_key: str | None,
                 secret_key: str | None, secure: bool = True, region: str | None = None,
                 timeout: float = 30.0, retries: int = 3) -> None:
        import urllib3
        from minio import Minio

        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=3.0, read=timeout),
            retries=urllib3.Retry(total=retries, connect=retries, read=retries, backoff_factor=0.3,
                                  status_forcelist=[500, 502, 503, 504], allowed_methods=None,
                                  raise_on_status=False),
            maxsize=16,
        )
        self.client = Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=secure,
                            region=region, http_client=http)
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.url = f"s3://{bucket}" + (f"/{self.prefix}" if self.prefix else "")

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def _call(self, what: str, fn, *args, **kwargs):
        import urllib3
        from minio.error import MinioException

        op, _, key = what.partition(" ")
        what = f"{op} {mask_file(key)}" if "/" in key else what  # applicants name their files
        try:
            return fn(*args, **kwargs)
        except MinioException as exc:
            code = getattr(exc, "code", None) or type(exc).__name__
            status = getattr(getattr(exc, "response", None), "status", None)
            raise StorageError(f"{what}: {code}", code=code, status=status) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise StorageError(f"{what}: {type(exc).__name__}: storage unreachable or failing") from None

    def check(self) -> None:
        if not self._call(f"bucket {self.bucket}", self.client.bucket_exists, self.bucket):
            raise StorageError(f"bucket {self.bucket}: does not exist")

    def list(self, prefix: str) -> list[Entry]:
        full = self._key(prefix).rstrip("/") + "/"
        objs = self._call(f"list {prefix}", lambda: list(self.client.list_objects(self.bucket, full, recursive=True)))
        cut = len(self.prefix) + 1 if self.prefix else 0
        return [Entry(o.object_name[cut:], o.last_modified, o.size or 0, (o.etag or "").strip('"'))
                for o in objs if not o.is_dir]

    def read(self, key: str) -> bytes:
        def get():
            resp = self.client.get_object(self.bucket, self._key(key))
            try:
                return resp.read()
            finally:
                resp.close()
                resp.release_conn()
        return self._call(f"read {key}", get)

    def write(self, key: str, data: bytes) -> None:
        """Upload to a temporary key, then copy into place: no torn object is ever visible."""
        from minio.commonconfig import CopySource

        tmp = self._key(f"{key}.{uuid.uuid4().hex}.tmp")
        self._call(f"write {key}", self.client.put_object, self.bucket, tmp, io.BytesIO(data), len(data),
                   content_type="application/json")
        try:
            self._call(f"write {key}", self.client.copy_object, self.bucket, self._key(key),
                       CopySource(self.bucket, tmp))
        finally:
            try:
                self._call(f"clean {key}", self.client.remove_object, self.bucket, tmp)
            except StorageError:
                pass  # a stray temporary object is harmless; the next write replaces the report

    def create(self, key: str, data: bytes) -> bool:
        """PUT only if the key does not exist (``If-None-Match: *``); False when it does.

        minio-py has no public conditional put (a metadata entry would be stored
        as user metadata and ignored), so the request goes through its
        lower-level ``_execute`` with the real header.
        """
        from minio.error import S3Error

        try:
            self._call(f"claim {key}", self.client._execute, "PUT", self.bucket, self._key(key), body=data,
                       headers={"If-None-Match": "*", "Content-Type": "application/json"})
        except StorageError as exc:
            if exc.code == "PreconditionFailed" or exc.status == 412:  # compared exactly, never by text
                return False
            raise
        except S3Error as exc:  # pragma: no cover - _call converts these
            if exc.code == "PreconditionFailed":
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self._call(f"delete {key}", self.client.remove_object, self.bucket, self._key(key))

    def read_versioned(self, key: str) -> Versioned | None:
        def get():
            resp = self.client.get_object(self.bucket, self._key(key))
            try:
                return resp.read(), resp.headers
            finally:
                resp.close()
                resp.release_conn()
        try:
            data, headers = self._call(f"read {key}", get)
        except StorageError as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject") or exc.status == 404:
                return None
            raise
        from email.utils import parsedate_to_datetime

        return Versioned(data, headers.get("ETag", ""), parsedate_to_datetime(headers.get("Last-Modified")))

    def _conditional(self, what: str, method: str, key: str, etag: str, body: bytes | None = None) -> bool:
        """A request carrying ``If-Match``: False when the object changed or vanished."""
        headers = {"If-Match": etag}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            self._call(f"{what} {key}", self.client._execute, method, self.bucket, self._key(key), body=body,
                       headers=headers)
        except StorageError as exc:
            if exc.code in ("PreconditionFailed", "NoSuchKey") or exc.status in (404, 412):
                return False
            raise
        return True

    def replace_if(self, key: str, data: bytes, etag: str) -> bool:
        return self._conditional("replace", "PUT", key, etag, data)

    def delete_if(self, key: str, etag: str) -> bool:
        return self._conditional("delete", "DELETE", key, etag)


def open_storage(source: str) -> Storage:
    """A folder path, or ``s3://bucket[/prefix]`` configured by the BEIAN_S3_* settings."""
    if not source.startswith("s3://"):
        return FolderStorage(source)
    from beian.settings import get_settings

    s = get_settings()
    parsed = urlparse(source)
    if not parsed.netloc:
        raise InputError(f"{source}: no bucket name")
    if not s.s3_endpoint:
        raise InputError("BEIAN_S3_ENDPOINT is not set (host:port or URL of the S3 server)")
    endpoint, secure = s.s3_endpoint, s.s3_secure
    if "://" in endpoint:
        u = urlparse(endpoint)
        endpoint, secure = u.netloc, u.scheme == "https"
    return S3Storage(parsed.netloc, parsed.path, endpoint=endpoint,
                     access_key=s.s3_access_key.get_secret_value() if s.s3_access_key else None,
                     secret_key=s.s3_secret_key.get_secret_value() if s.s3_secret_key else None,
                     secure=secure, region=s.s3_region, timeout=s.s3_timeout, retries=s.s3_retries)
