"""Inspecting rendered files (duration, pixel or page size, SHA-256) and deriving GIFs from videos."""

from __future__ import annotations

import hashlib
import re
import struct
from pathlib import Path
from typing import Any

__all__ = ["sha256_file", "png_size", "page_size_pt", "video_info", "describe", "video_to_gif"]

_PT_PER_UNIT = {"pt": 1.0, "in": 72.0, "px": 0.75, "mm": 72 / 25.4, "cm": 72 / 2.54, "": 1.0}


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's IHDR chunk."""
    with open(path, "rb") as handle:
        head = handle.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG file")
    return struct.unpack(">II", head[16:24])


def page_size_pt(path: Path) -> tuple[float, float]:
    """(width, height) in points of a PDF (first MediaBox) or an SVG (root width/height)."""
    data = path.read_bytes()[:200_000]
    if path.suffix == ".pdf":
        match = re.search(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", data)
        if not match:
            raise ValueError(f"{path}: no MediaBox")
        x0, y0, x1, y1 = (float(v) for v in match.groups())
        return round(x1 - x0, 3), round(y1 - y0, 3)
    text = data.decode("utf-8", "replace")
    root = re.search(r"<svg\b[^>]*>", text)
    if not root:
        raise ValueError(f"{path}: no <svg> element")
    sizes = []
    for attr in ("width", "height"):
        match = re.search(rf'\b{attr}="([\d.]+)\s*([a-z]*)"', root.group(0))
        if not match:
            raise ValueError(f"{path}: the svg element has no {attr}")
        sizes.append(round(float(match.group(1)) * _PT_PER_UNIT.get(match.group(2), 1.0), 3))
    return sizes[0], sizes[1]


def video_info(path: Path) -> dict[str, Any]:
    """Duration (s), frame count, frame rate and pixel size of a video or GIF, decoded with PyAV."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        rate = float(stream.average_rate or stream.guessed_rate or 0) or None
        duration = None
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / 1_000_000
        if rate and (duration is None or duration <= 0):
            duration = frames / rate
        return {
            "duration_s": round(duration, 3) if duration is not None else None,
            "frames": frames,
            "frame_rate": round(rate, 3) if rate else None,
            "width": stream.codec_context.width,
            "height": stream.codec_context.height,
        }


def describe(path: Path, fmt: str) -> dict[str, Any]:
    """Size, SHA-256 and the format's own measure: duration, pixel size or page size."""
    info: dict[str, Any] = {"size": path.stat().st_size, "sha256": sha256_file(path)}
    if fmt in ("mp4", "webm", "gif"):
        info.update(video_info(path))
    elif fmt == "png":
        info["width"], info["height"] = png_size(path)
    elif fmt in ("pdf", "svg"):
        info["page_width_pt"], info["page_height_pt"] = page_size_pt(path)
    return info


def video_to_gif(source: Path, target: Path) -> None:
    """Transcode a video into a GIF with a generated palette (the filter graph Manim uses)."""
    import av

    with av.open(str(source)) as src, av.open(str(target), mode="w", format="gif") as dst:
        in_stream = src.streams.video[0]
        out_stream = dst.add_stream("gif", rate=in_stream.average_rate)
        out_stream.pix_fmt = "pal8"  # the generated palette; rgb8 would force a fixed 3-3-2 palette and 20x the size
        out_stream.width = in_stream.codec_context.width
        out_stream.height = in_stream.codec_context.height
        graph = av.filter.Graph()
        buffer = graph.add_buffer(template=in_stream)
        split = graph.add("split")
        palettegen = graph.add("palettegen", "stats_mode=diff")
        paletteuse = graph.add("paletteuse", "dither=bayer:bayer_scale=5:diff_mode=rectangle")
        sink = graph.add("buffersink")
        buffer.link_to(split)
        split.link_to(palettegen, 0, 0)
        split.link_to(paletteuse, 1, 0)
        palettegen.link_to(paletteuse, 0, 1)
        paletteuse.link_to(sink)
        graph.configure()
        for frame in src.decode(in_stream):
            graph.push(frame)
        graph.push(None)
        written = 0
        while True:
            try:
                frame = graph.pull()
            except (av.error.EOFError, av.error.BlockingIOError):
                break
            if out_stream.codec_context.time_base is not None:
                frame.time_base = out_stream.codec_context.time_base
            frame.pts = written
            written += 1
            dst.mux(out_stream.encode(frame))
        dst.mux(out_stream.encode())
