"""Worker side of a scene job: render with Manim's Python API into a private media folder."""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import Any

from rendering.jobs import Job, Output, Produced
from rendering.media import describe, video_to_gif

__all__ = ["render_scene", "scene_class"]


def scene_class(job: Job) -> type:
    """The entry's Scene class, subclassed with ``theme`` set to the job's theme and ``params`` to
    the lesson entry's parameters."""
    from theme import get_theme

    base = getattr(importlib.import_module(job.module), job.attr)
    attrs: dict[str, Any] = {"theme": get_theme(job.theme), "__module__": base.__module__}
    if job.payload is not None:
        from lessons import params_from_payload

        attrs["params"] = params_from_payload(job.payload)
    return type(base.__name__, (base,), attrs)


def _manim_render(cls: type, job: Job, work: Path, fmt: str) -> tuple[Any, Path, Path | None]:
    """Render once with ``format=fmt``; return the scene, its primary file and its subtitles."""
    from manim import config, tempconfig

    quality = job.quality
    assert quality is not None
    settings = {
        "media_dir": str(work / f"media-{fmt}"),
        "tex_dir": str(work / "Tex"),
        "text_dir": str(work / "texts"),
        "pixel_width": quality.pixel_width,
        "pixel_height": quality.pixel_height,
        "frame_rate": quality.frame_rate,
        "format": fmt,
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "ERROR",
        "preview": False,
        "write_all": False,
        "output_file": "",
    }
    unknown = sorted(key for key in settings if key not in config)
    if unknown:  # tempconfig would drop them silently
        raise KeyError(f"not Manim config keys: {', '.join(unknown)}")
    with tempconfig(settings):
        scene = cls()
        scene.render()
        plan = scene.renderer.file_writer.output_plan
        primary = Path(plan.primary_artifact)
        subtitles = plan.subcaption_file
    if not primary.is_file():
        raise RuntimeError(f"Manim produced no {fmt} file (does the scene play any animation?)")
    return scene, primary, Path(subtitles) if subtitles and Path(subtitles).is_file() else None


def _last_frame(scene: Any, target: Path) -> None:
    """Save the scene's final frame as a PNG (what Manim's ``-s`` writes)."""
    from PIL import Image

    scene.renderer.static_image = None
    scene.renderer.update_frame(scene)
    Image.fromarray(scene.renderer.get_frame()).save(target)


def _companion(output: Output, subtitles: Path | None) -> tuple[tuple[str, str, dict[str, Any]], ...]:
    if subtitles is None:
        return ()
    relpath = str(Path(output.relpath).with_suffix(".srt"))
    return ((relpath, str(subtitles), describe(subtitles, "srt")),)


def render_scene(job: Job, work: Path) -> list[Produced]:
    """Produce every requested output of one scene with as few Manim renders as possible.

    Each of MP4 and WebM is one render; a GIF is transcoded from the MP4 when one is rendered
    (Manim builds GIFs from MP4 segments too), else rendered natively; the PNG is the last frame
    of whichever render ran, or a still render when nothing else is needed.
    """
    cls = scene_class(job)
    by_fmt = {o.fmt: o for o in job.outputs}
    produced: list[Produced] = []
    scene = None
    for fmt in ("mp4", "webm", "gif"):
        output = by_fmt.get(fmt)
        if output is None or (fmt == "gif" and "mp4" in by_fmt):
            continue
        start = time.perf_counter()
        scene, primary, subtitles = _manim_render(cls, job, work, fmt)
        produced.append(Produced(output, str(primary), describe(primary, fmt),
                                 round(time.perf_counter() - start, 3), _companion(output, subtitles)))
        if fmt == "mp4" and "gif" in by_fmt:
            start = time.perf_counter()
            gif = work / f"{job.name}.gif"
            video_to_gif(primary, gif)
            produced.append(Produced(by_fmt["gif"], str(gif), describe(gif, "gif"),
                                     round(time.perf_counter() - start, 3)))
    if "png" in by_fmt:
        start = time.perf_counter()
        if scene is None:
            scene, png, _ = _manim_render(cls, job, work, "png")
        else:
            png = work / f"{job.name}.png"
            _last_frame(scene, png)
        produced.append(Produced(by_fmt["png"], str(png), describe(png, "png"),
                                 round(time.perf_counter() - start, 3)))
    return produced
