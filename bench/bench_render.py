"""Benchmark of render.py: parallel cold run vs plain ``manim`` one after another, no-op rerun, one edit.

Run from the repository: ``.venv/bin/python bench/bench_render.py [--jobs 2] [--quality preview]``.
Works on a temporary copy of the project (so editing a figure touches nothing here) and prints
times and ratios; nothing is asserted. Targets: parallel ≤ 0.65 × plain manim; no-op rerun < 5 %
of the cold run; after editing one figure only that figure re-renders.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ("render.py", "theme.py", "rendering", "scenes", "figures", "gradmath", "lessons")


def timed(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, proc


def gradviz(project: Path, out: Path, args: list[str], command: str = "all") -> tuple[float, dict]:
    seconds, proc = timed([sys.executable, "render.py", command, "--out", str(out), *args], project)
    if proc.returncode not in (0, 1):
        sys.exit(f"render.py failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    if proc.returncode == 1:
        print(proc.stdout.strip().splitlines()[-1])
    return seconds, json.loads((out / "manifest.json").read_text())["run"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--quality", default="preview", help="gradviz quality; the manim baseline uses -ql")
    parser.add_argument("--skip-manim", action="store_true", help="skip the sequential manim baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gradviz-bench-") as tmp:
        project, out = Path(tmp) / "project", Path(tmp) / "renders"
        project.mkdir()
        for name in COPY:
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
        sys.path.insert(0, str(project))
        from lessons import builtin_lessons

        SCENES = [e for lesson in builtin_lessons() for e in lesson.scenes]
        FIGURES = [e for lesson in builtin_lessons() for e in lesson.figures]

        common = ["--quality", args.quality, "--jobs", str(args.jobs)]
        cold, run = gradviz(project, out, common)
        print(f"gradviz cold, {len(SCENES)} scenes + {len(FIGURES)} figures, --jobs {args.jobs}: {cold:7.1f} s "
              f"({len(run['rendered'])} outputs, {len(run['failed'])} failed)")
        scenes_only, _ = gradviz(project, Path(tmp) / "renders-scenes", common, "scenes")
        print(f"gradviz cold, scenes only:                  {scenes_only:7.1f} s")
        if not args.skip_manim:
            media = Path(tmp) / "media"
            total = 0.0
            for entry in SCENES:
                file = project / (entry.module.replace(".", "/") + ".py")
                seconds, proc = timed([sys.executable, "-m", "manim", "render", "-ql", "--media_dir", str(media),
                                       "-v", "WARNING", "--progress_bar", "none", str(file), entry.attr], project)
                total += seconds
                status = "ok" if proc.returncode == 0 else f"FAILED ({proc.returncode})"
                print(f"  manim -ql {entry.name:<22} {seconds:6.1f} s {status}")
            print(f"plain manim, one after another:            {total:7.1f} s")
            print(f"ratio gradviz (whole catalogue) / manim:    {cold / total:7.2f}   (target <= 0.65)")
            print(f"ratio gradviz (scenes only) / manim:        {scenes_only / total:7.2f}")
        rerun, run = gradviz(project, out, common)
        print(f"re-run with nothing changed:                {rerun:7.2f} s = {100 * rerun / cold:.1f} % of cold "
              f"(target < 5 %); rendered {len(run['rendered'])}")
        if FIGURES:
            edited = project / (FIGURES[0].module.replace(".", "/") + ".py")
            with open(edited, "a", encoding="utf-8") as handle:
                handle.write("\n# benchmark edit\n")
            seconds, run = gradviz(project, out, common)
            print(f"after editing {edited.name}: {seconds:.2f} s, re-rendered {run['rendered']}")


if __name__ == "__main__":
    main()
