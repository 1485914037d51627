"""Benchmark of gradmath against the lessons' own style of code (nested Python loops, one start at a time).

Run from the repository: ``.venv/bin/python bench/bench_gradmath.py [--repeats 3]``.
Measures, in one run: (1) the 500×500 gradient field of the Colonel's loss, gradmath.gradient_field
vs lesson 1's Part 7 double loop calling ``gradient_2d`` per grid point; (2) 2,500 starts × 200 steps
of descent, gradmath.run_batch vs lesson 1's ``gradient_descent_2d`` one start at a time, and
gradmath.descend (which returns one Trajectories) vs run_batch on the same starts; (4) the 500×500
gradient field of formula landscapes (``Landscape.from_formula``) vs the hand-written ones they
re-type, and the time to parse, differentiate and build a formula landscape. Prints the best-of-N
times and the ratios against the targets (≥ 100×, ≥ 30×, descend ≤ 1.5× run_batch, formula ≤ 2×
hand-written), all measured in this one run; nothing about time is asserted. The results must agree:
the script exits 1 if they do not.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import gradmath  # noqa: E402

COLONEL = gradmath.LANDSCAPES["colonel_loss"]
FIELD_RES = 500
STARTS_PER_AXIS = 50  # 50 × 50 = 2,500 starts
STEPS = 200
RATE = 0.05  # the lesson's rate
# The hand-written landscapes, re-typed as formulas (as in tests/test_gradmath_formula_landscapes.py).
FORMULAS = {
    "rosenbrock": ("(1 - x)^2 + 100(y - x^2)^2", None),
    "heat_map": ("80e^(-((x-3)^2 + (y-2)^2)/10) + 60e^(-((x+2)^2 + (y+1)^2)/5)", None),
    "colonel_loss": ("(p - 50)^2 + (s - 30)^2", ("p", "s")),
}


# --- the lesson's code, copied in its own style ---------------------------------------------------
def gradient_2d(personnel, supplies, optimal_p=50, optimal_s=30):
    """Gradient of the 2D loss function."""
    dL_dp = 2 * (personnel - optimal_p)
    dL_ds = 2 * (supplies - optimal_s)
    return np.array([dL_dp, dL_ds])


def lesson_field(p_range, s_range):
    """Part 7: the gradient magnitude at every grid point, one gradient_2d call per point (timed)."""
    gradient_magnitude = np.zeros((len(s_range), len(p_range)))
    for i in range(len(p_range)):
        for j in range(len(s_range)):
            grad = gradient_2d(p_range[i], s_range[j])
            gradient_magnitude[j, i] = np.sqrt(grad[0]**2 + grad[1]**2)
    return gradient_magnitude


def lesson_gradients(p_range, s_range):
    """The same loop keeping the gradient vectors, to check gradmath's (not timed)."""
    gradients = np.zeros((2, len(s_range), len(p_range)))
    for i in range(len(p_range)):
        for j in range(len(s_range)):
            gradients[:, j, i] = gradient_2d(p_range[i], s_range[j])
    return gradients


def gradient_descent_2d(start, learning_rate=0.1, num_steps=20):
    """Perform gradient descent on our 2D loss function."""
    path = [start]
    current = np.array(start, dtype=float)
    for _ in range(num_steps):
        grad = gradient_2d(current[0], current[1])
        current = current - learning_rate * grad  # Move against the gradient
        path.append(current.copy())
    return np.array(path)


def lesson_descent(starts):
    return np.stack([gradient_descent_2d(tuple(s), learning_rate=RATE, num_steps=STEPS) for s in starts])


# --- timing -----------------------------------------------------------------------------------------
def best_of(repeats: int, fn: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def best_of_interleaved(repeats: int, first: Callable[[], object], second: Callable[[], object]
                        ) -> tuple[float, float, object]:
    """Best-of-N times of two functions run in turn, so that a busy machine slows both alike."""
    best_first = best_second = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        first()
        middle = time.perf_counter()
        result = second()
        best_first, best_second = min(best_first, middle - start), min(best_second, time.perf_counter() - middle)
    return best_first, best_second, result


def report(label: str, slow: float, fast: float, target: float, same: bool, diff: float) -> bool:
    ratio = slow / fast
    verdict = "meets" if ratio >= target else "BELOW"
    print(f"{label}\n  lesson loops {slow * 1e3:9.1f} ms   gradmath {fast * 1e3:8.2f} ms   "
          f"speed-up {ratio:7.1f}x   target >= {target:.0f}x: {verdict}\n"
          f"  identical results: {'yes' if same else 'NO'} (max abs diff {diff:.3g})")
    return same


def from_formula(name: str) -> gradmath.Landscape:
    hand = gradmath.LANDSCAPES[name]
    text, variables = FORMULAS[name]
    return gradmath.Landscape.from_formula(text, domain=hand.domain, goal=hand.goal, variables=variables, name=name)


def formula_section(repeats: int) -> bool:
    """(4) formula landscapes against the hand-written ones: 500×500 fields, and the cost of building."""
    start = time.perf_counter()
    built = {name: from_formula(name) for name in FORMULAS}  # the first build also imports sympy
    first = time.perf_counter() - start
    from sympy.core.cache import clear_cache
    print(f"(4) formula landscapes: {FIELD_RES}x{FIELD_RES} gradient_field, formula vs hand-written (target <= 2x)")
    ok = True
    for name, typed in built.items():
        hand = gradmath.LANDSCAPES[name]
        slow, a = best_of(repeats, lambda: gradmath.gradient_field(typed, FIELD_RES))
        fast, b = best_of(repeats, lambda: gradmath.gradient_field(hand, FIELD_RES))
        same = all(np.allclose(x, y, rtol=1e-9, atol=1e-12 * np.max(np.abs(y)))
                   for x, y in ((a.values, b.values), (a.gradients, b.gradients), (a.magnitude, b.magnitude)))
        ok &= same
        ratio = slow / fast
        print(f"  {name:13s} hand-written {fast * 1e3:7.2f} ms   formula {slow * 1e3:7.2f} ms   ratio {ratio:5.2f}x   "
              f"{'meets' if ratio <= 2 else 'ABOVE'}   agree: {'yes' if same else 'NO'}")

    def build() -> None:
        clear_cache()  # sympy memoises constructors: without this, later builds only look things up
        for name in FORMULAS:
            from_formula(name)

    each, _ = best_of(repeats, build)
    print(f"  parse + differentiate + build: {each / len(FORMULAS) * 1e3:.1f} ms per landscape "
          f"(first three {first * 1e3:.0f} ms, including the sympy import)")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs (default 3)")
    args = parser.parse_args()
    repeats = max(1, args.repeats)
    fast_repeats = 5 * repeats  # gradmath's runs are short: more of them steady the minimum on a busy machine
    print(f"gradmath benchmark (lesson code best of {repeats}, gradmath best of {fast_repeats}; numpy {np.__version__})")

    # (1) 500 × 500 gradient field
    (x0, x1), (y0, y1) = COLONEL.domain
    p_range, s_range = np.linspace(x0, x1, FIELD_RES), np.linspace(y0, y1, FIELD_RES)
    slow, lesson_mag = best_of(repeats, lambda: lesson_field(p_range, s_range))
    fast, field = best_of(fast_repeats, lambda: gradmath.gradient_field(COLONEL, FIELD_RES))
    lesson_grads = lesson_gradients(p_range, s_range)
    same_grads = np.array_equal(field.gradients, lesson_grads)
    diff = float(max(np.max(np.abs(field.gradients - lesson_grads)), np.max(np.abs(field.magnitude - lesson_mag))))
    # np.hypot may differ from sqrt(a² + b²) in the last bit; the gradients themselves must match exactly
    ok1 = report(f"(1) gradient field {FIELD_RES}x{FIELD_RES} (colonel_loss)", slow, fast, 100, same_grads and diff <= 1e-12, diff)

    # (2) 2,500 starts × 200 steps
    gx, gy = np.meshgrid(np.linspace(x0, x1, STARTS_PER_AXIS), np.linspace(y0, y1, STARTS_PER_AXIS))
    starts = np.column_stack([gx.ravel(), gy.ravel()])
    slow, lesson_paths = best_of(repeats, lambda: lesson_descent(starts))  # (k, s+1, 2)

    def batch():  # tol so small that no start stops early: the same work as the lesson
        return gradmath.run_batch(COLONEL, starts, learning_rate=RATE, steps=STEPS, tol=1e-300)

    fast, run = best_of(fast_repeats, batch)
    paths = np.swapaxes(run.points, 0, 1)
    same = bool(np.array_equal(paths, lesson_paths)) and not run.converged.any() and not run.diverged.any()
    diff = float(np.max(np.abs(paths - lesson_paths)))
    ok2 = report(f"(2) descent: {len(starts):,} starts x {STEPS} steps, rate {RATE} (run_batch, full paths)",
                 slow, fast, 30, same, diff)
    lean, _ = best_of(fast_repeats, lambda: gradmath.run_batch(COLONEL, starts, learning_rate=RATE, steps=STEPS,
                                                          tol=1e-300, keep_path=False))
    base, traj, trajectories = best_of_interleaved(
        fast_repeats, batch, lambda: gradmath.descend(COLONEL, starts, learning_rate=RATE, steps=STEPS, tol=1e-300))
    ok3 = isinstance(trajectories, gradmath.Trajectories) and np.array_equal(trajectories.points, lesson_paths)
    ok3 &= all(np.array_equal(trajectories[j].points, lesson_paths[j]) for j in (0, len(starts) // 2, -1))
    ratio = traj / base
    print(f"  also: run_batch keep_path=False {lean * 1e3:.2f} ms ({slow / lean:.1f}x)\n"
          f"(3) descend -> Trajectories of {len(trajectories):,} starts {traj * 1e3:.2f} ms vs run_batch "
          f"{base * 1e3:.2f} ms (run in turn): {ratio:.2f}x run_batch   target <= 1.5x: "
          f"{'meets' if ratio <= 1.5 else 'ABOVE'}\n"
          f"  identical results: {'yes' if ok3 else 'NO'}")
    ok4 = formula_section(fast_repeats)
    if not (ok1 and ok2 and ok3):
        sys.exit("results differ from the lesson's code")
    if not ok4:
        sys.exit("formula landscapes differ from the hand-written ones")


if __name__ == "__main__":
    main()
