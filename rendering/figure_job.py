"""Worker side of a figure job: build the figure with its theme and save each format."""

from __future__ import annotations

import importlib
import os
import time
from pathlib import Path

from rendering.atomic_io import DISK_ERRNOS, WriteFailed
from rendering.jobs import Job, Produced
from rendering.media import describe
from rendering.print_options import PrintOptions

__all__ = ["render_figure"]


def render_figure(job: Job, work: Path) -> list[Produced]:
    """Call the entry's ``make_…(theme=…)`` once per format and save through ``figures.save``."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib.pyplot as plt

    from figures.save import companion_files, save_figure
    from theme import get_theme

    make = getattr(importlib.import_module(job.module), job.attr)
    theme = get_theme(job.theme)
    args = ()
    if job.payload is not None:
        from lessons import params_from_payload

        args = (params_from_payload(job.payload),)
    printing = job.printing or PrintOptions()
    produced = []
    for output in job.outputs:
        start = time.perf_counter()
        fig = make(*args, theme=theme, **printing.make_kwargs())
        staged = work / Path(output.relpath).name  # its own name: a PGF names its images after it
        try:
            save_figure(fig, staged, output.fmt, dpi=job.dpi, pgf_preamble=printing.pgf_preamble)
        except OSError as exc:
            if exc.errno in DISK_ERRNOS:
                raise WriteFailed(staged, exc) from None
            raise
        finally:
            plt.close(fig)
        if not staged.is_file():
            raise RuntimeError(f"save_figure wrote no {output.fmt} file")
        info = describe(staged, output.fmt)
        folder = Path(output.relpath).parent
        companions = tuple((str(folder / extra.name), str(extra), describe(extra, "png"))
                           for extra in companion_files(staged))
        produced.append(Produced(output, str(staged), info, round(time.perf_counter() - start, 3), companions))
    return produced
