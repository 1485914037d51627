"""Where a run renders and what it locks: work folders off ``--out`` and a lock that outlives ``--out``."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import stat
import tempfile
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from rendering.atomic_io import WriteFailed

__all__ = ["LOCK_NAME", "WORK_IN_OUT", "OutputBusy", "OutputUnusable", "Workspace", "workspace_for",
           "out_key", "lock_folder", "out_lock"]

LOCK_NAME = ".gradviz.lock"
WORK_IN_OUT = ".gradviz-work"  # only when no folder outside ``--out`` shares its filesystem


class OutputBusy(RuntimeError):
    """Another gradviz run holds the lock on this output folder."""


class OutputUnusable(ValueError):
    """Something in ``--out`` that gradviz must own is in the way (a folder named manifest.json)."""


def out_key(out: Path) -> str:
    """A short name for one output folder, from its resolved path."""
    return hashlib.sha256(os.fsencode(out.resolve())).hexdigest()[:20]


def _private_folder(path: Path) -> Path | None:
    """``path`` created (0700) and checked to be our own real folder, or None if it cannot be."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and os.access(path, os.W_OK | os.X_OK):
            return path
    except OSError:
        pass
    return None


def _user_folders(sub: str, *, runtime: bool = False) -> Iterator[Path]:
    """Per-user candidate folders, best first. Locks (``runtime``): $XDG_RUNTIME_DIR, the temp dir
    (both emptied at reboot), the cache; work folders: the cache, the temp dir."""
    temp = Path(tempfile.gettempdir()) / f"gradviz-{os.geteuid()}" / sub
    if runtime:
        if os.environ.get("XDG_RUNTIME_DIR"):
            yield Path(os.environ["XDG_RUNTIME_DIR"]) / "gradviz" / sub
        yield temp
    cache = os.environ.get("XDG_CACHE_HOME") or (os.path.expanduser("~/.cache") if "HOME" in os.environ else "")
    if cache and os.path.isabs(cache):
        yield Path(cache) / "gradviz" / sub
    if not runtime:
        yield temp


def lock_folder() -> Path | None:
    """The per-user folder of run locks (outside every ``--out``), or None if none is writable."""
    for candidate in _user_folders("locks", runtime=True):
        if _private_folder(candidate) is not None:
            return candidate
    return None


@dataclass(frozen=True)
class Workspace:
    """A run's work folders: ``scratch`` (workers render there) and ``staging`` (temporary names on
    the filesystem of ``out``, renamed into place). Neither is inside ``out`` unless ``out`` is the
    only writable folder on its filesystem; then ``staging`` is the hidden ``out/.gradviz-work``."""

    out: Path
    scratch: Path
    staging: Path

    def clean(self) -> None:
        """Remove both folders (a killed run's leftovers, or this run's at its end)."""
        for folder in {self.scratch, self.staging}:
            shutil.rmtree(folder, ignore_errors=True)

    def prepare(self) -> None:
        """Create both folders (their parents already exist)."""
        for folder in (self.scratch, self.staging):
            folder.mkdir(mode=0o700, parents=folder != self.staging, exist_ok=True)


def workspace_for(out: Path) -> Workspace:
    """The work folders of ``out``: a hidden sibling on the same filesystem when its parent is
    writable; otherwise (``out`` is a mount point, say) renders go to a per-user cache folder keyed by
    ``out`` and only the final copy passes through ``out/.gradviz-work``."""
    out = out.resolve()
    key = out_key(out)
    sibling = out.parent / f".gradviz-work-{key}"
    try:
        device = (out if out.exists() else out.parent).stat().st_dev
        if os.access(out.parent, os.W_OK | os.X_OK) and out.parent.stat().st_dev == device:
            return Workspace(out, sibling, sibling)
    except OSError:
        pass
    staging = out / WORK_IN_OUT
    for candidate in _user_folders("work"):
        if _private_folder(candidate) is not None:
            return Workspace(out, candidate / key, staging)
    return Workspace(out, staging, staging)


def _lock(path: Path, what: Path) -> int:
    """An exclusive ``flock`` on ``path`` (created if needed); OutputBusy if held elsewhere."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NONBLOCK, 0o666)
    except IsADirectoryError:
        raise OutputUnusable(f"{path} is a folder, not gradviz's lock file: move it away") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OutputUnusable(f"{path} is not a regular file: move it away")
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputBusy(f"another gradviz run is writing to {what}") from None
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """Hold ``out``'s locks for the run: one in a per-user folder keyed by the resolved path (it
    survives ``out`` being deleted) and ``out/.gradviz.lock``. The kernel releases both on a kill."""
    with ExitStack() as stack:
        folder = lock_folder()
        if folder is not None:
            try:
                stack.callback(os.close, _lock(folder / f"{out_key(out)}.lock", out))
            except OSError:  # an unusable per-user folder: the lock in ``out`` still holds
                pass
        try:
            stack.callback(os.close, _lock(out / LOCK_NAME, out))
        except OSError as exc:
            raise WriteFailed(out / LOCK_NAME, exc) from None
        yield
