"""Render options: quality presets, output formats and the resolved settings of one run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rendering.print_options import PrintOptions

__all__ = [
    "Quality",
    "QUALITIES",
    "PUBLIC_QUALITIES",
    "SCENE_FORMATS",
    "FIGURE_FORMATS",
    "DEFAULT_SCENE_THEME",
    "DEFAULT_FIGURE_THEME",
    "RenderOptions",
]


@dataclass(frozen=True)
class Quality:
    """A Manim resolution preset; ``tag`` (e.g. ``480p15``) names its output folder."""

    name: str
    pixel_width: int
    pixel_height: int
    frame_rate: int

    @property
    def tag(self) -> str:
        return f"{self.pixel_height}p{self.frame_rate}"


# Manim's presets (manim.constants.QUALITIES); "preview" is Manim's -ql, 480p15.
QUALITIES: dict[str, Quality] = {
    q.name: q
    for q in (
        Quality("preview", 854, 480, 15),
        Quality("low", 854, 480, 15),
        Quality("medium", 1280, 720, 30),
        Quality("high", 1920, 1080, 60),
        Quality("4k", 3840, 2160, 60),
        # hidden, for tests and smoke renders: 256×144 at 5 fps
        Quality("tiny", 256, 144, 5),
    )
}
PUBLIC_QUALITIES = ("preview", "low", "medium", "high", "4k")

SCENE_FORMATS = ("mp4", "webm", "gif", "png")
FIGURE_FORMATS = ("pdf", "svg", "png", "pgf")

DEFAULT_SCENE_THEME = "dark"
DEFAULT_FIGURE_THEME = "light"


@dataclass(frozen=True)
class RenderOptions:
    """Everything a rendering subcommand was asked to do, after validation."""

    out: Path
    quality: Quality = QUALITIES["preview"]
    formats: tuple[str, ...] = ("mp4",)
    figure_formats: tuple[str, ...] = ("pdf",)
    theme: str | None = None  # None: scenes dark, figures light
    jobs: int = 1
    force: bool = False
    dry_run: bool = False
    preview: bool = False
    dpi: int = 300
    printing: PrintOptions = PrintOptions()  # figures: width, grayscale, PGF preamble
    scheduler: str | None = None  # a Dask scheduler's address: jobs run there, not on ``jobs`` local processes
    chunks: int | str = 1  # scenes cut into this many chunks, or "auto" (rendering.chunking)
