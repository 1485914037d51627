"""``gradviz check``: is everything a render needs here, and what falls back when it is not."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

__all__ = ["Check", "run_checks", "writable_dir", "path_problem", "text_backend", "NO_LATEX_ENV"]

NO_LATEX_ENV = "GRADVIZ_NO_LATEX"  # as in scenes/text.py, which imports manim
_LATEX_TOOLS = ("latex", "dvisvgm")
_PATH_MARGIN = 256  # room under --out for scenes/<quality>/<name>_<theme>.<fmt>


def _latex_disabled() -> bool:
    return os.environ.get(NO_LATEX_ENV, "").strip() not in ("", "0")


def text_backend() -> str:
    """How scenes draw maths here: "latex" (MathTex) or "pango" (the plain-text fallback).

    Decided like ``scenes.text.latex_available`` (latex and dvisvgm on PATH, $GRADVIZ_NO_LATEX
    unset) without importing Manim; it is one of a scene's inputs.
    """
    if _latex_disabled() or any(shutil.which(tool) is None for tool in _LATEX_TOOLS):
        return "pango"
    return "latex"


@dataclass(frozen=True)
class Check:
    """One preflight item: ``ok`` True/False; ``required`` failures make ``check`` exit non-zero."""

    name: str
    ok: bool
    detail: str
    required: bool = True
    fallback: str = ""  # what happens instead when it is missing


def path_problem(path: Path) -> str | None:
    """Why ``path`` cannot be an output folder, known before anything is created: too long for this
    system (a name over NAME_MAX, or no room for the files under it within PATH_MAX)."""
    absolute = Path(os.path.abspath(path))
    name_max, path_max = 255, 4096
    for probe in [absolute, *absolute.parents]:  # the limits of the filesystem it would be on
        try:
            name_max, path_max = os.pathconf(probe, "PC_NAME_MAX"), os.pathconf(probe, "PC_PATH_MAX")
            break
        except (OSError, ValueError):
            continue
    longest = max((len(os.fsencode(part)) for part in absolute.parts), default=0)
    if longest > name_max:
        return f"a folder name is too long ({longest} bytes; at most {name_max})"
    size = len(os.fsencode(absolute))
    if size + _PATH_MARGIN > path_max:
        return f"the path is too long ({size} bytes; at most {path_max - _PATH_MARGIN})"
    return None


def writable_dir(path: Path, *, create: bool = False) -> str | None:
    """None if ``path`` is (or can be created as) a writable folder, else the reason why not.

    With ``create`` the folder is made and a probe file written, which also catches read-only
    filesystems and permissions that ``os.access`` does not see (as root, for instance); folders
    made for a path that then fails are removed again.
    """
    problem = path_problem(path)
    if problem:
        return f"{path}: {problem}"
    if create:
        made: list[Path] = []
        try:
            missing = [p for p in [path, *path.parents] if not p.exists()]
            for folder in reversed(missing):
                folder.mkdir()
                made.append(folder)
            with tempfile.TemporaryFile(dir=path):
                pass
        except OSError as exc:
            for folder in reversed(made):
                try:
                    folder.rmdir()
                except OSError:
                    pass
            return f"{path} is not writable ({exc.strerror or exc})"
        return None
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            return f"{path}: no existing parent folder"
        probe = probe.parent
    if not probe.is_dir():
        return f"{probe} is not a folder"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{probe} is not writable"
    return None


def _module_version(module: str, attr: str = "__version__") -> Callable[[], str]:
    def probe() -> str:
        mod = __import__(module)
        return str(getattr(mod, attr, None) or getattr(mod, "version", "installed"))
    return probe


def _program(name: str, *args: str) -> Callable[[], str]:
    def probe() -> str:
        path = shutil.which(name)
        if path is None:
            raise FileNotFoundError(f"{name} not found on PATH")
        proc = subprocess.run([path, *args], capture_output=True, text=True, timeout=20)
        first = (proc.stdout or proc.stderr).strip().splitlines()
        return f"{path} ({first[0][:60]})" if first else path
    return probe


def _encoder(codec: str) -> Callable[[], str]:
    def probe() -> str:
        import av

        av.codec.Codec(codec, "w")
        return f"PyAV {av.__version__}, libav encoder {codec}"
    return probe


def _attempt(name: str, probe: Callable[[], str], *, required: bool = True, fallback: str = "") -> Check:
    try:
        return Check(name, True, probe(), required, fallback)
    except Exception as exc:  # noqa: BLE001 - any failure means "missing"
        return Check(name, False, str(exc).splitlines()[0] if str(exc) else type(exc).__name__, required, fallback)


_PANGO = "scenes draw their maths as plain text with Pango (the fallback); everything renders"


def run_checks(out: Path) -> list[Check]:
    """All preflight checks, required ones first."""
    checks = [
        _attempt("cairo (pycairo)", _module_version("cairo")),
        _attempt("pango (manimpango)", _module_version("manimpango")),
        _attempt("LaTeX (latex)", _program("latex", "--version"), required=False, fallback=_PANGO),
        _attempt("dvisvgm", _program("dvisvgm", "--version"), required=False, fallback=_PANGO),
        _attempt("ffmpeg via PyAV: H.264 (mp4)", _encoder("libx264")),
        _attempt("ffmpeg via PyAV: GIF", _encoder("gif"), required=False, fallback="--format gif fails"),
        _attempt("ffmpeg via PyAV: VP9 (webm)", _encoder("libvpx-vp9"), required=False, fallback="--format webm fails"),
        _attempt("matplotlib", _module_version("matplotlib")),
    ]
    reason = writable_dir(out)
    checks.append(Check(f"output folder {out}", reason is None, reason or "writable"))
    backend = text_backend()
    detail = "MathTex with LaTeX" if backend == "latex" else (
        f"${NO_LATEX_ENV} is set" if _latex_disabled() else "no LaTeX")
    checks.append(Check("scenes: maths", backend == "latex", detail, required=False, fallback=_PANGO))
    usetex = next(c for c in checks if c.name.startswith("LaTeX")).ok
    checks.append(Check("figures: usetex", usetex, "LaTeX available" if usetex else "no LaTeX",
                        required=False, fallback="figures typeset maths with matplotlib's mathtext"))
    return checks
