"""Benchmark of ``--scheduler``: the catalogue through a two-worker local Dask cluster against ``--jobs 2``.

Run from the repository: ``.venv/bin/python bench/bench_cluster.py [--quality high] [--quick]``
(needs ``gradviz[cluster]``). Renders the built-in catalogue (``--quick``: every figure and the two
quickest scenes at the hidden ``tiny`` quality) cold with ``--jobs 2``, then starts a local
scheduler and two one-thread workers on 127.0.0.1 and renders it again through them, and prints
both times, their ratio (target <= 1.15) and whether the two folders hold the same outputs
(bytes, or decoded frames for videos). The cluster's start-up is timed apart; the workers start
cold (no Manim imported), as a pool's processes do. Nothing is asserted; the machine is shared,
so the load average is printed too.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from cluster_support import local_cluster  # noqa: E402
from fault_support import assert_same_outputs  # noqa: E402

QUICK = ["hiker_in_fog", "learning_rate"]  # the two quickest scenes (bench_scenes.py)


def gradviz(args: list[str], out: Path) -> tuple[float, dict]:
    """Run ``render.py all`` into ``out``; its wall time and the manifest's run record."""
    env = {k: v for k, v in os.environ.items() if k != "GRADVIZ_CATALOGUE"}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "all", *args, "--force", "--out", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"render.py failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return seconds, json.loads((out / "manifest.json").read_text())["run"]


def selection(quick: bool) -> list[str]:
    """Names to render: none (everything), or every figure and the quick scenes."""
    if not quick:
        return []
    sys.path.insert(0, str(ROOT))
    from lessons import builtin_lessons

    return QUICK + [e.name for lesson in builtin_lessons() for e in lesson.figures]


def same_outputs(a: Path, b: Path) -> str:
    try:
        assert_same_outputs(a, b)
        assert_same_outputs(b, a)
    except AssertionError as exc:
        return f"NO ({str(exc).splitlines()[0][:120]})"
    return "yes"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", default="preview", help="gradviz quality (default preview; the issue's is high)")
    parser.add_argument("--quick", action="store_true", help="figures and two scenes at tiny quality")
    args = parser.parse_args()
    quality = "tiny" if args.quick else args.quality
    common = [*selection(args.quick), "--quality", quality]
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores; quality {quality}"
          f"{', quick selection' if args.quick else ', whole catalogue'}")
    with tempfile.TemporaryDirectory(prefix="gradviz-bench-cluster-") as tmp:
        local_out, remote_out = Path(tmp) / "local", Path(tmp) / "remote"
        local_s, run = gradviz([*common, "--jobs", "2"], local_out)
        print(f"gradviz --jobs 2:                 {local_s:7.1f} s ({len(run['rendered'])} outputs, "
              f"{len(run['failed'])} failed)")
        start = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("GRADVIZ_CATALOGUE", None)
        with local_cluster(Path(tmp) / "dask", workers=2, env=env) as cluster:
            print(f"cluster start-up (2 workers):     {time.perf_counter() - start:7.1f} s (not counted)")
            remote_s, run = gradviz([*common, "--scheduler", cluster.address], remote_out)
        print(f"gradviz --scheduler (2 workers):  {remote_s:7.1f} s ({len(run['rendered'])} outputs, "
              f"{len(run['failed'])} failed)")
        print(f"ratio cluster / --jobs 2:         {remote_s / local_s:7.2f}   (target <= 1.15)")
        print(f"same outputs:                     {same_outputs(local_out, remote_out)}")
        print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
