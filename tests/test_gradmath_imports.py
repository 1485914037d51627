"""``import gradmath`` must stay light: numpy only, neither manim nor matplotlib."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_gradmath_loads_neither_manim_nor_matplotlib():
    code = (
        "import sys, gradmath; "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('manim', 'matplotlib', 'scipy', 'pandas', 'sympy')); "
        "assert not heavy, heavy; "
        "gradmath.critical_points(gradmath.LANDSCAPES['heat_map']); gradmath.stratagem_gradient(); "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('manim', 'matplotlib')); "
        "assert not heavy, heavy; print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_no_heavy_import_statements_in_sources():
    for path in (ROOT / "gradmath").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for banned in ("import manim", "from manim", "import matplotlib", "from matplotlib"):
            assert banned not in text, f"{path.name}: {banned}"
