"""How long a Manim render spends on its frames — the part that chunks divide among workers —
and, per animation, what came before it and what its frames cost."""

from __future__ import annotations

import time
from typing import Any, Callable

__all__ = ["FrameClock"]

# what the renderer's play does besides frames; everything else in it (drawing, updating, the
# encoder's thread catching up when the play's movie file closes) is the play's frames, and all
# outside it (construct, building mobjects) is set-up, which every chunk pays again when it skips
_SET_UP_IN_PLAY = ("compile_animation_data", "begin_animations")


class FrameClock:
    """Times, on one ``scene`` (before it renders), the seconds its plays spend on frames, for
    the plays after which ``counting()`` is true (a skipped play is not).

    ``frames_s``: the total so far; ``plays``: per play, ``(set_up_s, frames_s)``: the seconds
    spent on everything but frames from the start up to that play, and its own frames' seconds.
    """

    def __init__(self, scene: Any, counting: Callable[[], bool] = lambda: True) -> None:
        self.frames_s = 0.0
        self.plays: list[tuple[float, float]] = []
        self._began = time.perf_counter()
        self._set_up_in_play = 0.0
        for name in _SET_UP_IN_PLAY:
            setattr(scene, name, self._set_up(getattr(scene, name)))
        renderer_play = scene.renderer.play

        def play(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            set_up = start - self._began - self.frames_s
            self._set_up_in_play = 0.0
            result = renderer_play(*args, **kwargs)
            frames = time.perf_counter() - start - self._set_up_in_play if counting() else 0.0
            self.frames_s += frames
            self.plays.append((set_up, frames))
            return result

        scene.renderer.play = play

    def _set_up(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self._set_up_in_play += time.perf_counter() - start

        return timed
