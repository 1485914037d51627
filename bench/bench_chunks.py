"""Benchmark for one scene cut into chunks: ``--chunks auto`` against plain ``manim``, what each
chunk costs (set-up and skipping, frames, the join) and a projection to 16 and 64 cores.

Run from the repository: ``.venv/bin/python bench/bench_chunks.py [--scene NAME] [--quality high] [--jobs 2]``.
Prints measurements and ratios taken in this one run; nothing is asserted. On a shared machine the
ratios move from run to run: compare numbers of one run only.

Steps: plain ``manim render`` of the scene; ``gradviz scenes NAME --chunks 1`` (the whole render,
which records in the manifest the render time, the part spent on frames and each animation's
set-up and frames); ``--chunks auto --force`` (cut by those costs, if cutting wins); the chunk
costs the joined render recorded. The projection cuts the measured per-animation costs for ``n``
cores (at most one animation a chunk), charges each chunk the set-up up to its end, the measured
cost of skipping (a share of the skipped frames) and its frames, and adds the join (one remux of
the whole file, in the parent): the bound is the set-up every chunk repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rendering.chunking import balanced_firsts, chunk_counts  # noqa: E402
from rendering.options import QUALITIES, Quality  # noqa: E402

MANIM_FLAGS = {"preview": "-ql", "low": "-ql", "medium": "-qm", "high": "-qh", "4k": "-qk"}


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def plain_manim(scene: str, quality: Quality, work: Path) -> float:
    """Seconds for ``manim render`` of the catalogue scene, as a user would run it."""
    from rendering.catalogue import load_catalogue

    entry = next(e for e in load_catalogue().scenes if e.name == scene)
    file = ROOT / (entry.module.replace(".", "/") + ".py")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "manim", "render", MANIM_FLAGS[quality.name], "--media_dir", str(work / "media"),
                    "-v", "WARNING", "--progress_bar", "none", "--disable_caching", str(file), entry.attr],
                   cwd=ROOT, env=_env(), capture_output=True, text=True, check=True)
    return time.perf_counter() - start


def gradviz(*args: str) -> float:
    """Seconds for ``gradviz`` (``python -m render``) with ``args``; a failure stops the bench."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "render", *args], cwd=ROOT, env=_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"gradviz {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return time.perf_counter() - start


def record(out: Path, scene: str, quality: Quality) -> dict[str, Any]:
    """The manifest record of the scene's MP4."""
    outputs = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    return next(o for o in outputs if o["path"] == f"scenes/{quality.tag}/{scene}.mp4")


def chunk_times(costs: list[tuple[float, float]], count: int, skip_share: float = 0.0) -> list[float]:
    """The predicted time of each of ``count`` chunks cut by ``balanced_firsts``: set-up up to its
    end, ``skip_share`` of the frames it skips (stepping skipped plays that have updaters), its frames."""
    firsts = balanced_firsts(costs, count)
    frames = [f for _, f in costs]
    return [costs[min(b, len(costs) - 1)][0] + skip_share * sum(frames[:a]) + sum(frames[a:b])
            for a, b in zip(firsts, [*firsts[1:], len(costs)])]


def skip_share(costs: list[tuple[float, float]], per_chunk: list[list[float]]) -> float:
    """What skipping a play costs, as a share of drawing it, from the chunks of the measured run:
    the last chunk's set-up and skipping beyond the whole render's set-up, both at the whole
    render's pace (the chunk's frames against the whole render's same frames: chunks that share
    cores with each other and other work run slower)."""
    if len(per_chunk) < 2:
        return 0.0
    first = balanced_firsts(costs, len(per_chunk))[-1]
    skipped, drawn = sum(f for _, f in costs[:first]), sum(f for _, f in costs[first:])
    pace = per_chunk[-1][1] / drawn if drawn else 1.0
    return max(0.0, per_chunk[-1][0] / pace - costs[-1][0]) / skipped if skipped else 0.0


def bench(scene: str, quality: Quality, jobs: int, work: Path) -> None:
    from rendering.jobs import Job, Output

    manim_s = plain_manim(scene, quality, work)
    out = work / "out"
    common = ["scenes", scene, "-q", quality.name, "--jobs", str(jobs), "--out", str(out)]
    whole_s = gradviz(*common, "--chunks", "1")
    whole = record(out, scene, quality)
    total, frames, costs = float(whole["render_time_s"]), float(whole["frames_s"]), [tuple(c) for c in whole["play_costs"]]
    job = Job("scene", scene, "", "", "dark", (Output("mp4", whole["path"], "", ""),), quality=quality)
    cpu = float(whole.get("cpu_s", "nan"))
    chosen = chunk_counts([job], "auto", jobs, lambda j: total, lambda j: frames, lambda j: cpu).get(0, 1)
    auto_s = gradviz(*common, "--chunks", "auto", "--force")
    cut = record(out, scene, quality)
    per_chunk, join_s = cut.get("chunk_costs", []), float(cut.get("join_s", 0.0))
    print(f"[chunks] {scene} at {quality.tag}: {len(costs)} animations; {jobs} workers on {os.cpu_count()} shared cores "
          "(noisy: ratios are of this one run)")
    print(f"  plain manim {MANIM_FLAGS[quality.name]}:                 {manim_s:7.1f} s")
    print(f"  gradviz --chunks 1 (whole):          {whole_s:7.1f} s  (render {total:.1f} s, of it frames {frames:.1f} s, "
          f"set-up {total - frames:.1f} s; {cpu / total:.2f} cores busy)")
    print(f"  gradviz --chunks auto ({chosen} chunks):    {auto_s:7.1f} s")
    print(f"  ratio --chunks auto / manim:         {auto_s / manim_s:7.2f}   (target <= 0.65)")
    print(f"  ratio --chunks auto / --chunks 1:    {auto_s / whole_s:7.2f}")
    firsts = balanced_firsts(costs, len(per_chunk)) if per_chunk else []
    for index, ((set_up, drawn), a, b) in enumerate(zip(per_chunk, firsts, [*firsts[1:], len(costs)])):
        alone = sum(f for _, f in costs[a:b])
        print(f"  chunk {index + 1} (animations {a}-{b - 1}): set-up and skipping {set_up:6.1f} s, frames {drawn:6.1f} s "
              f"(the same frames took {alone:.1f} s in the whole render: pace {drawn / alone if alone else 0:.2f}x)")
    if per_chunk:
        print(f"  join (remux, in the parent): {join_s:.2f} s")
    share = skip_share(costs, per_chunk)
    print(f"  skipping a play costs {share:.0%} of drawing it (stepping updaters; from the last chunk)")
    for cores in (2, 16, 64):
        times = chunk_times(costs, cores, share)
        slowest = max(times) + join_s
        print(f"  projection {cores:>2} cores: {len(times)} chunks, slowest {max(times):6.1f} s + join {join_s:.1f} s"
              f" = {slowest:6.1f} s -> {slowest / manim_s:.2f}x manim, {slowest / total:.2f}x whole"
              f" (bound: set-up {total - frames:.1f} s, one animation a chunk)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scene", default="hiker_in_fog", help="the catalogue scene to measure")
    parser.add_argument("--quality", choices=["preview", "low", "medium", "high", "4k"], default="high")
    parser.add_argument("--jobs", type=int, default=2, help="workers (default 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gradviz-bench-chunks-") as tmp:
        bench(args.scene, QUALITIES[args.quality], args.jobs, Path(tmp))


if __name__ == "__main__":
    main()
