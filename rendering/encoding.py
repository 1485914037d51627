"""Encoder settings per quality: the libx264 preset and CRF that Manim's MP4 segments are encoded with.

Chosen by measurement (``bench/bench_scale.py --encode``): a faster preset where a preview is
looked at once, the slow end where a video is published. WebM (VP9) keeps Manim's defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["X264Settings", "X264_BY_QUALITY", "MANIM_X264", "encoder_options"]


@dataclass(frozen=True)
class X264Settings:
    """libx264's speed/size trade-off (``preset``) and its constant rate factor (lower: better, bigger)."""

    preset: str
    crf: int

    def options(self) -> dict[str, str]:
        """The codec options, as Manim's ``video_encoder_options`` takes them."""
        return {"preset": self.preset, "crf": str(self.crf)}


MANIM_X264 = X264Settings("medium", 23)  # Manim's own: libx264's default preset, crf 23

# By quality name (rendering.options.QUALITIES); a quality not listed gets Manim's settings.
X264_BY_QUALITY: dict[str, X264Settings] = {
    "tiny": X264Settings("veryfast", 23),
    "preview": X264Settings("veryfast", 23),
    "low": X264Settings("veryfast", 23),
    "medium": X264Settings("faster", 23),
    "high": X264Settings("faster", 21),
    "4k": X264Settings("faster", 21),
}


def encoder_options(quality_name: str, fmt: str) -> dict[str, str]:
    """Manim's ``video_encoder_options`` for an output format at a quality (empty: Manim's defaults)."""
    if fmt != "mp4":
        return {}
    return X264_BY_QUALITY.get(quality_name, MANIM_X264).options()
