"""Render time of each scene with the plain ``manim`` command (cairo), at a chosen quality.

Run from the repository: ``.venv/bin/python bench/bench_scenes.py [--quality h] [NAME ...]``
(names of the built-in lessons' scenes; default: every scene). One scene at a time, each in a fresh
process with its own temporary media folder (cold caches); prints seconds, video length and the
load average, since the machine is shared. Target: each scene at 1080p60 (``-qh``) under 90 s on
2 cores. Nothing is asserted.

Measured (1080p60, ``-qh``, 2 cores, shared machine):

    scene               render s  video s   fps   (session 4, load 0.9-2.2; the floor issue 10 keeps)
    hiker_in_fog            66.8     32.0    28.7
    gradient_compass        80.5     37.7    28.1
    local_minima            72.3     42.8    35.5
    learning_rate           57.8     25.1    26.1
    descent_on_surface      57.9     20.2    20.9
    optimizer_race          87.9     39.0    26.6
    gradient_from_data      53.6     31.4    35.1

Session 6, ``--baseline 0794872`` (ratio = fps now / fps of session 4's code, rendered one after
the other; shared machine, load 0.7–10):

    scene               ratio   note
    descent_on_surface   1.09   one FacetSurface drawn in a cairo pass (0.67 with a 1,008-face Surface)
    gradient_from_data   0.97
    learning_rate        2.25
    hiker_in_fog         1.28
    gradient_compass     1.07
    local_minima         1.20
    optimizer_race       0.99

Session 7 (1080p60, ``-qh``, load 1.8-2.0; the scenes are 56-64 s long now):

    scene               render s  video s   fps   vs session 4's fps
    hiker_in_fog            71.8     55.8    46.6   1.62
    gradient_from_data      74.9     64.1    51.4   1.46

fps = frames written per second of rendering (video s × frame rate / render s): longer scenes take
longer, so the frame rate, not the render time, is what must not drop.

``--baseline REV`` renders each scene from that git revision too (a temporary worktree), the two
one after the other, and prints the ratio of their frame rates: on a shared machine the ratio of
two renders made a minute apart says more than either rate. Session 4's scenes are ``0794872``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lessons import builtin_lessons  # noqa: E402

SCENES = [e for lesson in builtin_lessons() for e in lesson.scenes]

QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "p": "1440p60", "k": "2160p60"}
FRAME_RATES = {"l": 15, "m": 30, "h": 60, "p": 60, "k": 60}


def video_seconds(path: Path) -> float:
    """Length of the rendered video, read with PyAV."""
    import av

    with av.open(str(path)) as container:
        return float(container.duration or 0) / 1e6


def render(entry, quality: str, root: Path = ROOT) -> tuple[float, float, int]:
    """Render one catalogue entry with ``manim render -q<quality>`` from the checkout ``root``;
    return (seconds, video s, exit code)."""
    with tempfile.TemporaryDirectory(prefix="gradviz-bench-") as media:
        cmd = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--disable_caching",
               "--progress_bar", "none", "--verbosity", "ERROR", "--media_dir", media,
               str(root / (entry.module.replace(".", "/") + ".py")), entry.attr]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        videos = [p for p in Path(media).rglob(f"{entry.attr}.mp4") if "partial" not in p.parts]
        if proc.returncode != 0:
            print(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed", file=sys.stderr)
        return seconds, video_seconds(videos[0]) if videos else 0.0, proc.returncode


@contextlib.contextmanager
def checkout(revision: str):
    """A temporary detached worktree of this repository at ``revision``; removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="gradviz-baseline-") as parent:
        path = Path(parent) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(path), revision], cwd=ROOT, check=True)
        try:
            yield path
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, check=False)


def fps_of(seconds: float, length: float, quality: str) -> float:
    """Frames written per second of rendering."""
    return length * FRAME_RATES[quality] / seconds if seconds > 0 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", choices=sorted(QUALITIES), default="h", help="manim -q flag (default h: 1080p60)")
    parser.add_argument("--baseline", metavar="REV", help="also render each scene from this git revision; print the fps ratio")
    parser.add_argument("names", nargs="*", help="scene names (default: all)")
    args = parser.parse_args()
    known = {e.name: e for e in SCENES}
    unknown = [n for n in args.names if n not in known]
    if unknown:
        sys.exit(f"unknown scene(s): {', '.join(unknown)}; choose from {', '.join(known)}")
    entries = [known[n] for n in args.names] if args.names else list(SCENES)
    with checkout(args.baseline) if args.baseline else contextlib.nullcontext() as base:
        print(f"{'scene':<20} {'quality':>8} {'render s':>9} {'video s':>8} {'fps':>6} {'load':>6}"
              + (f" {'base fps':>9} {'ratio':>6}" if base else ""))
        for entry in entries:
            load = os.getloadavg()[0]
            before = fps_of(*render(entry, args.quality, base)[:2], args.quality) if base else None
            seconds, length, code = render(entry, args.quality)
            flag = "" if code == 0 else f"  exit {code}"
            fps = fps_of(seconds, length, args.quality)
            against = f" {before:9.1f} {fps / before if before else 0:6.2f}" if base else ""
            print(f"{entry.name:<20} {QUALITIES[args.quality]:>8} {seconds:9.1f} {length:8.1f} {fps:6.1f} {load:6.2f}"
                  f"{against}{flag}", flush=True)

if __name__ == "__main__":
    main()
