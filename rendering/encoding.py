"""Encoder settings per quality: the libx264 preset and CRF that Manim's MP4 segments are encoded with.

Chosen by measurement (``bench/bench_scale.py --encode``, 2 shared cores): at 480p15 ``veryfast``
encoded 1.2-1.8x as fast as ``medium`` at CRF 23, 0.82x the slow preset's size, PSNR 44.6 dB and
SSIM 0.998 against it (medium: 47.6 dB, 0.999), so previews use it. At 1080p60 ``faster`` and
``veryfast`` measured 0.6-1.1x medium's speed on a loaded machine (inconclusive) for 0.7-1.8 dB
less, so the publishing qualities keep Manim's ``medium``/23 until a quiet machine shows a gain.
WebM (VP9) keeps Manim's defaults.
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
    "medium": MANIM_X264,
    "high": MANIM_X264,
    "4k": MANIM_X264,
}


def encoder_options(quality_name: str, fmt: str) -> dict[str, str]:
    """Manim's ``video_encoder_options`` for an output format at a quality (empty: Manim's defaults)."""
    if fmt != "mp4":
        return {}
    return X264_BY_QUALITY.get(quality_name, MANIM_X264).options()
