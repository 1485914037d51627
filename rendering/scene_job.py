"""Worker side of a scene job: render with Manim's Python API into a private media folder."""

from __future__ import annotations

import importlib
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rendering.atomic_io import DISK_ERRNOS, WriteFailed
from rendering.encoding import encoder_options
from rendering.jobs import Job, Output, Produced
from rendering.media import describe, video_to_gif

__all__ = ["ManimRun", "render_scene", "scene_class", "manim_settings", "save_last_frame", "video_formats", "subtitle_companions",
           "gif_output"]


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


def manim_settings(job: Job, work: Path, fmt: str) -> dict[str, Any]:
    """The Manim config of one render of ``job`` in ``fmt`` ("none": every frame, no file), its
    media in the work folder ``work``; KeyError for a key Manim does not know (tempconfig would
    drop it silently)."""
    from manim import config

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
        "video_encoder_options": encoder_options(quality.name, fmt),
    }
    unknown = sorted(key for key in settings if key not in config)
    if unknown:  # tempconfig would drop them silently
        raise KeyError(f"not Manim config keys: {', '.join(unknown)}")
    return settings


@dataclass(frozen=True)
class ManimRun:
    """One Manim render of a scene: its primary file and subtitles (if any), its number of
    animations, the seconds it spent on frames (drawing, updating, encoding: what chunks divide)
    and per animation ``(set-up before it, its frames)`` in seconds (:class:`~rendering.draw_clock.FrameClock`)."""

    primary: Path | None
    subtitles: Path | None
    plays: int
    frames_s: float
    play_costs: tuple[tuple[float, float], ...] = ()
    cpu_s: float = 0.0  # processor seconds of the render, every thread (the encoder's runs beside the drawing)


def _manim_render(cls: type, job: Job, work: Path, fmt: str, last_frame: Path | None = None) -> ManimRun:
    """Play the scene once with ``format=fmt`` ("none": every frame, no file), and save its final
    frame as a PNG to ``last_frame`` if given."""
    from manim import tempconfig

    from rendering.draw_clock import FrameClock

    settings = manim_settings(job, work, fmt)
    with tempconfig(settings):
        scene = cls()
        clock = FrameClock(scene)
        cpu = time.process_time()
        scene.render()
        cpu = time.process_time() - cpu
        if last_frame is not None:
            save_last_frame(scene, last_frame)
        plan = scene.renderer.file_writer.output_plan
        primary = Path(plan.primary_artifact) if fmt != "none" and plan.primary_artifact else None
        subtitles = plan.subcaption_file
    if fmt != "none" and (primary is None or not primary.is_file()):
        raise RuntimeError(f"Manim produced no {fmt} file (does the scene play any animation?)")
    return ManimRun(primary, Path(subtitles) if subtitles and Path(subtitles).is_file() else None,
                    scene.renderer.num_plays, clock.frames_s, tuple(clock.plays), cpu)


def save_last_frame(scene: Any, target: Path) -> None:
    """Save the scene's final frame as a PNG (every frame played, as in the movie)."""
    from PIL import Image

    scene.renderer.static_image = None
    scene.renderer.update_frame(scene)
    Image.fromarray(scene.renderer.get_frame()).save(target)


def subtitle_companions(output: Output, subtitles: Path | None, staged: Path | None = None
               ) -> tuple[tuple[str, str, dict[str, Any]], ...]:
    """The subtitles beside a video output: the .srt, a .vtt and a narration script, derived from it
    (written next to ``staged`` when another output has them already)."""
    from rendering.subtitles import parse_srt, write_narration, write_vtt

    if subtitles is None:
        return ()
    if staged is not None:
        shutil.copyfile(subtitles, staged)
        subtitles = staged
    cues = parse_srt(subtitles.read_text(encoding="utf-8"))
    stem = Path(output.relpath).with_suffix("")
    vtt = write_vtt(cues, subtitles.with_suffix(".vtt"))
    script = write_narration(cues, subtitles.with_suffix(".narration.txt"), title=stem.name)
    return ((f"{stem}.srt", str(subtitles), describe(subtitles, "srt")),
            (f"{stem}.vtt", str(vtt), describe(vtt, "vtt")),
            (f"{stem}.narration.txt", str(script), describe(script, "txt")))


def video_formats(job: Job) -> list[str]:
    """The Manim renders a scene job needs: MP4 (also for a GIF) and WebM, in that order."""
    wanted = {o.fmt for o in job.outputs}
    return [fmt for fmt in ("mp4", "webm") if fmt in wanted or (fmt == "mp4" and "gif" in wanted)]


def gif_output(job: Job, work: Path, mp4: Path, subtitles: Path | None, mp4_time: float) -> Produced:
    """The job's GIF, transcoded from its MP4 (which took ``mp4_time``: part of the GIF's cost
    when the MP4 is not itself an output), with its subtitles."""
    by_fmt = {o.fmt: o for o in job.outputs}
    start = time.perf_counter()
    gif = work / f"{job.name}.gif"
    video_to_gif(mp4, gif)
    seconds = time.perf_counter() - start + (0.0 if "mp4" in by_fmt else mp4_time)
    return Produced(by_fmt["gif"], str(gif), describe(gif, "gif"), round(seconds, 3),
                    subtitle_companions(by_fmt["gif"], subtitles, work / f"{job.name}.gif.srt"))


def render_scene(job: Job, work: Path) -> list[Produced]:
    """:func:`_render_scene`, a full disk or a file-size limit reported as a failed write."""
    try:
        return _render_scene(job, work)
    except OSError as exc:
        if exc.errno in DISK_ERRNOS:
            raise WriteFailed(work, exc) from None
        raise


def _render_scene(job: Job, work: Path) -> list[Produced]:
    """Produce every requested output of one scene, each made one way whatever else is requested,
    so that re-rendering one output gives what a clean run gives.

    MP4 and WebM are one Manim render each; the GIF is always transcoded from the MP4 (rendered
    into the work folder when not requested); the PNG is the final frame after every frame was
    played, taken from the first render, or from a play that writes no file when only it is asked.
    """
    cls = scene_class(job)
    by_fmt = {o.fmt: o for o in job.outputs}
    renders = video_formats(job)
    png = work / f"{job.name}.png" if "png" in by_fmt else None
    produced: list[Produced] = []
    png_time = 0.0
    for index, fmt in enumerate(renders or ["none"]):
        start = time.perf_counter()
        run = _manim_render(cls, job, work, fmt, png if index == 0 else None)
        primary, subtitles = run.primary, run.subtitles
        elapsed = time.perf_counter() - start
        if index == 0:
            png_time = elapsed  # what the PNG costs alone: a full play
        if fmt in by_fmt:
            assert primary is not None
            info = {**describe(primary, fmt), "animations": run.plays,  # rendering.chunking's hints
                    "frames_s": round(run.frames_s, 3), "cpu_s": round(run.cpu_s, 3),
                    "play_costs": [[round(a, 3), round(b, 3)] for a, b in run.play_costs]}
            produced.append(Produced(by_fmt[fmt], str(primary), info, round(elapsed, 3),
                                     subtitle_companions(by_fmt[fmt], subtitles)))
        if fmt == "mp4" and "gif" in by_fmt:
            assert primary is not None
            produced.append(gif_output(job, work, primary, subtitles, elapsed))
    if png is not None:
        produced.append(Produced(by_fmt["png"], str(png), describe(png, "png"), round(png_time, 3)))
    return produced
