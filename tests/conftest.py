"""Shared fixtures: every test gets its own Manim media dir; scenes render tiny into tmp_path."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5}
"""Tiny render settings for scene tests: 16:9, 5 frames per second."""


@pytest.fixture(scope="session")
def tex_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One LaTeX cache for the session: compiled formulas are content-addressed, so tests can share
    them (a fresh cache per test would recompile every formula)."""
    return tmp_path_factory.mktemp("tex")


@pytest.fixture(scope="session")
def text_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One Pango text cache for the session (kept apart from the TeX cache: Manim lists that folder)."""
    return tmp_path_factory.mktemp("texts")


@pytest.fixture(autouse=True)
def manim_media_dir(tmp_path: Path, tex_cache: Path, text_cache: Path) -> Iterator[Path]:
    """Point Manim's media folder into this test's tmp_path (as Manim's own tests do).

    Only touches Manim when a test module already imported it, so pure gradmath tests stay light.
    """
    media = tmp_path / "media"
    if "manim" not in sys.modules:
        yield media
        return
    from manim import tempconfig

    settings = {"media_dir": str(media), "tex_dir": str(tex_cache), "text_dir": str(text_cache),
                "progress_bar": "none", "verbosity": "WARNING"}
    with tempconfig(settings):
        yield media


def _checked(settings: dict[str, Any]) -> dict[str, Any]:
    """``tempconfig`` silently drops unknown keys: refuse them here instead."""
    from manim import config

    unknown = sorted(k for k in settings if k not in config and not hasattr(type(config), k))
    if unknown:
        raise KeyError(f"not Manim config keys: {', '.join(unknown)}")
    return settings


@pytest.fixture
def render_tiny(manim_media_dir: Path) -> Callable[..., Any]:
    """Render a Scene class at tiny resolution into this test's media dir and return the scene.

    ``render_tiny(cls, dry_run=True)`` runs construct without writing frames; ``movie=True``
    writes an MP4 (and the .srt); ``last_frame=True`` writes only the last frame as PNG.
    Extra keyword arguments are Manim config keys (validated).
    """
    from manim import tempconfig

    def render(cls: type, *, dry_run: bool = False, movie: bool = False, last_frame: bool = False,
               **overrides: Any) -> Any:
        if movie and last_frame:
            raise ValueError("render_tiny: choose movie or last_frame, not both")
        output = "mp4" if movie else "png" if last_frame else "none"  # Manim 0.22: one primary format
        settings = {**TINY, "media_dir": str(manim_media_dir), "disable_caching": True,
                    "dry_run": dry_run, "format": output, **overrides}
        with tempconfig(_checked(settings)):
            scene = cls()
            scene.render()
        return scene

    return render
