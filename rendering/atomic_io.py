"""Files placed atomically (a hidden temporary name on the same filesystem, then a rename), umask modes."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from pathlib import Path
from typing import BinaryIO, Callable

__all__ = ["WriteFailed", "write_bytes", "install_file", "describe_os_error", "DISK_ERRNOS"]

_MODE = 0o666  # narrowed by the umask, like any file a user makes
DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})  # the disk, not the program, said no


class WriteFailed(OSError):
    """A file could not be written; ``str()`` is one line naming the file and the cause."""

    def __init__(self, path: Path, cause: BaseException) -> None:
        super().__init__(f"cannot write {path}: {describe_os_error(cause)}")
        self.path = path


def describe_os_error(exc: BaseException) -> str:
    """The cause of an OSError in a few words ("No space left on device"), else its first line."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _temp_folder(target: Path, staging: Path | None) -> Path:
    """Where the temporary name goes: ``staging`` when it is on the target's filesystem."""
    try:
        if staging is not None and staging.stat().st_dev == target.parent.stat().st_dev:
            return staging
    except OSError:
        pass
    return target.parent


def _write(target: Path, fill: Callable[[BinaryIO], object], staging: Path | None) -> None:
    """Create ``target`` from ``fill(handle)``: readers see the old file or the whole new one.

    The temporary file is hidden, in ``staging`` if possible (a work folder the next run removes
    after a ``kill -9``), and removed on any failure.
    """
    folder = _temp_folder(target, staging)
    while True:
        temp = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, _MODE)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_bytes(target: Path, data: bytes, *, staging: Path | None = None) -> None:
    """Write ``data`` to ``target`` atomically; any failure raises :class:`WriteFailed`."""
    try:
        _write(target, lambda handle: handle.write(data), staging)
    except WriteFailed:
        raise
    except OSError as exc:
        raise WriteFailed(target, exc) from None


def install_file(source: Path, target: Path, *, staging: Path | None = None) -> None:
    """Move a finished file to ``target``: a rename on one filesystem, else an atomic copy.

    ``staging`` is a folder on the target's filesystem for temporary names (the work folder);
    without it they go beside the target, hidden. Any failure raises :class:`WriteFailed`.
    """
    try:
        os.replace(source, target)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise WriteFailed(target, exc) from None
    try:
        with open(source, "rb") as src:
            _write(target, lambda handle: shutil.copyfileobj(src, handle, 1 << 20), staging)
    except OSError as exc:
        raise WriteFailed(target, exc) from None
    source.unlink(missing_ok=True)
