"""Benchmark for scale: x264 presets (speed, size, quality), a scene rendered whole vs the encoder's limit,
the catalogue with ``--jobs 2`` vs plain ``manim`` one scene after another.

Run from the repository: ``.venv/bin/python bench/bench_scale.py [--encode] [--whole] [--catalogue] [--chunks] [--quick]``
(no section flag: all four). Prints measurements and ratios taken in this one run; nothing is asserted.

- ``--encode``: one scene captured losslessly (libx264rgb, crf 0), then encoded alone with each x264
  preset at the quality's CRF: encode-only frames per second, file size, and PSNR and SSIM (luma,
  numpy) against the ``slow`` preset's decoded frames.
- ``--whole``: the scene rendered whole by gradviz's scene job (Manim, gradviz's encoder settings) in
  frames per second, against encoding the same frames alone with the same settings (the limit).
- ``--catalogue``: ``gradviz scenes --jobs 2`` against ``manim render`` of each scene one after another.
- ``--chunks``: one scene with ``--chunks auto`` on 2 workers against plain ``manim``; per-chunk overhead
  (set-up and skipped animations, frames, the join) and from it a projection for 16 and 64 cores
  (``bench/bench_chunks.py``, which also runs alone).

``--quick``: 480p15 instead of 1080p60, a short scene, two catalogue scenes, fewer presets.

Measured (session 6, ``--catalogue``, 1080p60, 2 cores, otherwise quiet): gradviz ``--jobs 2``
548 s against plain manim 671 s, 0.82x (target 0.5x). Plain manim already keeps 1.41 cores busy
(x264's threads encode beside the drawing: HikerInFog 71.8 s real, 101 s CPU), so two jobs on two
cores reach about 0.70x at best; the rest is the tail of the two longest scenes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rendering.encoding import X264_BY_QUALITY, X264Settings  # noqa: E402
from rendering.options import QUALITIES, Quality  # noqa: E402

PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow")
QUICK_PRESETS = ("ultrafast", "veryfast", "faster", "medium", "slow")


def scene_entry(name: str) -> Any:
    from rendering.catalogue import load_catalogue

    return next(e for e in load_catalogue().scenes if e.name == name)


def render_scene(name: str, quality: Quality, work: Path, *, options: dict[str, str] | None = None,
                 codec: str = "auto", pixel_format: str = "auto") -> tuple[Path, float]:
    """Render a catalogue scene to MP4 through gradviz's scene job settings; return (file, seconds).

    ``codec``/``pixel_format``/``options`` override the encoder (for the lossless capture)."""
    from manim import tempconfig

    from rendering import scene_job
    from rendering.jobs import Job

    entry = scene_entry(name)
    job = Job("scene", entry.name, entry.module, entry.attr, "dark", (), quality=quality,
              payload=dict(entry.payload))
    cls = scene_job.scene_class(job)
    overrides: dict[str, Any] = {"video_codec": codec, "pixel_format": pixel_format}
    if options is not None:
        overrides["video_encoder_options"] = options
    start = time.perf_counter()
    with tempconfig(overrides):
        if options is None:
            primary = scene_job._manim_render(cls, job, work, "mp4").primary
        else:  # _manim_render sets video_encoder_options itself: patch its source of them
            original = scene_job.encoder_options
            scene_job.encoder_options = lambda quality_name, fmt: options  # type: ignore[assignment]
            try:
                primary = scene_job._manim_render(cls, job, work, "mp4").primary
            finally:
                scene_job.encoder_options = original  # type: ignore[assignment]
    assert primary is not None
    return primary, time.perf_counter() - start


MEMORY_BUDGET = 1 << 30  # decoded RGBA frames held at once: encode-only speed is measured on at most this


def rgba_frames(path: Path, quality: Quality) -> list[np.ndarray]:
    """The video's first frames as RGBA arrays, as many as fit in :data:`MEMORY_BUDGET`."""
    import av

    limit = max(1, MEMORY_BUDGET // (quality.pixel_width * quality.pixel_height * 4))
    with av.open(str(path)) as container:
        frames = []
        for frame in container.decode(video=0):
            if len(frames) == limit:
                break
            frames.append(frame.to_ndarray(format="rgba"))
        return frames


def frame_count(path: Path) -> int:
    import av

    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(video=0))


def encode_only(frames: list[np.ndarray], quality: Quality, settings: X264Settings, target: Path) -> float:
    """Encode RGBA frames alone, as Manim's segment encoder does; return seconds spent in the encoder."""
    import av

    container = av.open(str(target), mode="w", format="mp4")
    stream = container.add_stream("libx264", rate=quality.frame_rate, options=settings.options())
    stream.pix_fmt, stream.width, stream.height = "yuv420p", quality.pixel_width, quality.pixel_height
    spent = 0.0
    for index, pixels in enumerate(frames):
        start = time.perf_counter()
        frame = av.VideoFrame.from_ndarray(pixels, format="rgba")
        frame.pts = index
        for packet in stream.encode(frame):
            container.mux(packet)
        spent += time.perf_counter() - start
    start = time.perf_counter()
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return spent + time.perf_counter() - start


def luma_frames(path: Path, step: int) -> list[np.ndarray]:
    """Every ``step``-th decoded frame's Y plane as float64."""
    import av

    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="gray").astype(np.float64)
                for index, frame in enumerate(container.decode(video=0)) if index % step == 0]


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio in dB over all of ``a`` and ``b`` (inf when equal)."""
    mse = float(np.mean((a - b) ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def _box(image: np.ndarray, size: int) -> np.ndarray:
    """Means over ``size`` × ``size`` windows (valid part), by summed-area table."""
    table = np.pad(image, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    return (table[size:, size:] - table[:-size, size:] - table[size:, :-size] + table[:-size, :-size]) / size ** 2


def ssim(a: np.ndarray, b: np.ndarray, size: int = 8) -> float:
    """Mean SSIM of two luma images over 8 × 8 windows (Wang et al. 2004 constants)."""
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    ma, mb = _box(a, size), _box(b, size)
    va, vb = _box(a * a, size) - ma ** 2, _box(b * b, size) - mb ** 2
    cov = _box(a * b, size) - ma * mb
    return float(np.mean(((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma ** 2 + mb ** 2 + c1) * (va + vb + c2))))


def bench_encode(scene: str, quality: Quality, presets: tuple[str, ...], work: Path) -> None:
    crf = X264_BY_QUALITY.get(quality.name, X264Settings("medium", 23)).crf
    capture, seconds = render_scene(scene, quality, work / "capture", codec="libx264rgb", pixel_format="rgb24",
                                    options={"crf": "0", "preset": "ultrafast"})
    frames = rgba_frames(capture, quality)
    print(f"[encode] {scene} at {quality.tag}: {frame_count(capture)} frames captured losslessly in {seconds:.1f} s; "
          f"the first {len(frames)} encoded alone with libx264 crf {crf}")
    step = max(1, len(frames) // 60)
    results = {}
    for preset in presets:
        target = work / f"enc-{preset}.mp4"
        spent = encode_only(frames, quality, X264Settings(preset, crf), target)
        results[preset] = (len(frames) / spent, target.stat().st_size, target)
    reference = luma_frames(results["slow"][2], step) if "slow" in results else None
    medium_fps = results.get("medium", (None,))[0]
    print(f"  {'preset':<10} {'fps':>7} {'vs medium':>9} {'size kB':>8} {'vs slow':>8} {'PSNR dB':>8} {'SSIM':>7}")
    slow_size = results["slow"][1] if "slow" in results else None
    for preset, (fps, size, target) in results.items():
        if reference is not None:
            decoded = luma_frames(target, step)
            quality_text = (f"{psnr(np.stack(reference), np.stack(decoded)):8.2f} "
                            f"{np.mean([ssim(r, d) for r, d in zip(reference, decoded)]):7.4f}")
        else:
            quality_text = ""
        print(f"  {preset:<10} {fps:7.1f} {fps / medium_fps if medium_fps else float('nan'):9.2f} "
              f"{size / 1000:8.1f} {size / slow_size if slow_size else float('nan'):8.2f} {quality_text}")


def bench_whole(scene: str, quality: Quality, work: Path) -> None:
    settings = X264_BY_QUALITY.get(quality.name, X264Settings("medium", 23))
    movie, seconds = render_scene(scene, quality, work / "whole")
    total = frame_count(movie)
    whole_fps = total / seconds
    frames = rgba_frames(movie, quality)
    spent = encode_only(frames, quality, settings, work / "limit.mp4")
    limit_fps = len(frames) / spent
    print(f"[whole] {scene} at {quality.tag}, x264 {settings.preset} crf {settings.crf}: {total} frames "
          f"(encode-only speed from the first {len(frames)})")
    print(f"  rendered whole (Manim through gradviz's scene job): {seconds:7.1f} s = {whole_fps:6.1f} fps")
    print(f"  encode only, the same frames and settings:          {spent:7.1f} s = {limit_fps:6.1f} fps")
    print(f"  ratio whole / encode-only limit:                    {whole_fps / limit_fps:7.2f}   (target >= 0.8 per core)")


def bench_catalogue(quality: Quality, count: int | None, work: Path) -> None:
    from rendering.catalogue import load_catalogue

    entries, seen = [], set()
    for entry in load_catalogue().scenes:  # the first entry of each template: what plain manim renders
        if entry.template.name not in seen:
            seen.add(entry.template.name)
            entries.append(entry)
    entries = entries[:count] if count else entries
    flag = {"preview": "-ql", "low": "-ql", "medium": "-qm", "high": "-qh", "4k": "-qk"}[quality.name]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "render", "scenes", *(e.name for e in entries), "-q", quality.name,
                           "--jobs", "2", "--out", str(work / "gradviz")], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    ours = time.perf_counter() - start
    print(f"[catalogue] {len(entries)} scenes at {quality.tag}")
    print(f"  gradviz scenes --jobs 2:           {ours:7.1f} s (exit {proc.returncode})")
    total = 0.0
    for entry in entries:
        file = ROOT / (entry.module.replace(".", "/") + ".py")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "manim", "render", flag, "--media_dir", str(work / "media"),
                               "-v", "WARNING", "--progress_bar", "none", "--disable_caching", str(file), entry.attr],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        total += seconds
        print(f"    manim {flag} {entry.name:<24} {seconds:6.1f} s {'ok' if done.returncode == 0 else 'FAILED'}")
    print(f"  plain manim one after another:     {total:7.1f} s")
    print(f"  ratio gradviz --jobs 2 / manim:    {ours / total:7.2f}   (target <= 0.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encode", action="store_true", help="x264 presets: encode fps, size, PSNR/SSIM vs slow")
    parser.add_argument("--whole", action="store_true", help="a scene rendered whole vs the encode-only limit")
    parser.add_argument("--catalogue", action="store_true", help="gradviz --jobs 2 vs plain manim one by one")
    parser.add_argument("--chunks", action="store_true", help="one scene --chunks auto on 2 cores vs plain manim")
    parser.add_argument("--quick", action="store_true", help="480p15, a short scene, two catalogue scenes")
    parser.add_argument("--scene", help="the catalogue scene to measure (default: hiker_in_fog; quick: gradient_from_data)")
    parser.add_argument("--quality", choices=["preview", "low", "medium", "high", "4k"], help="default high (quick: preview)")
    args = parser.parse_args()
    everything = not (args.encode or args.whole or args.catalogue or args.chunks)
    quality = QUALITIES[args.quality or ("preview" if args.quick else "high")]
    scene = args.scene or ("gradient_from_data" if args.quick else "hiker_in_fog")
    print(f"gradviz bench_scale on {os.cpu_count()} cores; ratios are of this one run")
    with tempfile.TemporaryDirectory(prefix="gradviz-bench-scale-") as tmp:
        work = Path(tmp)
        if everything or args.encode:
            bench_encode(scene, quality, QUICK_PRESETS if args.quick else PRESETS, work)
        if everything or args.whole:
            bench_whole(scene, quality, work)
        if everything or args.catalogue:
            bench_catalogue(quality, 2 if args.quick else None, work)
        if everything or args.chunks:
            from bench_chunks import bench as bench_chunks

            bench_chunks(scene, quality, 2, work)


if __name__ == "__main__":
    main()
