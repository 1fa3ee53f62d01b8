"""Charts of a learner's competencies, drawn without a plotting library: the "flower" (radar)
of competency areas and the growth timeline, as SVG (text) and PNG (Pillow)."""

from __future__ import annotations

import html
import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont, ImageFont

__all__ = ["flower_png", "flower_svg", "growth_png", "growth_svg"]

PETALS = ["#1b6ca8", "#2e7d32", "#6a1b9a", "#c62828", "#00695c", "#ef6c00", "#37474f", "#ad1457"]
SIZE = 560  # height; the width leaves room for the labels beside the petals
WIDTH = 760


def _flower_geometry(
    areas: Sequence[tuple[str, float]], size: int = SIZE
) -> list[tuple[str, float, list[tuple[float, float]], tuple[float, float]]]:
    """Per area: (label, score, petal polygon, label position). Scores 0–4."""
    cx, cy = WIDTH / 2 * size / SIZE, size / 2
    radius = size * 0.3
    n = max(1, len(areas))
    out = []
    for i, (label, score) in enumerate(areas):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        half = math.pi / n * 0.9
        r = radius * max(0.0, min(score, 4.0)) / 4.0
        points = [(cx, cy)]
        for step in range(13):
            a = angle - half + 2 * half * step / 12
            points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
        lx = cx + (radius + 22) * math.cos(angle)
        ly = cy + (radius + 22) * math.sin(angle)
        out.append((label, score, points, (lx, ly)))
    return out


def flower_svg(areas: Sequence[tuple[str, float]], title: str = "Competency areas") -> str:
    cx, cy = WIDTH / 2, SIZE / 2
    radius = SIZE * 0.3
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{SIZE}" '
        f'viewBox="0 0 {WIDTH} {SIZE}" role="img" aria-label="{html.escape(title)}">',
        f'<rect width="{WIDTH}" height="{SIZE}" fill="#ffffff"/>',
        f'<text x="{cx}" y="24" font-family="sans-serif" font-size="16" '
        f'text-anchor="middle" font-weight="bold">{html.escape(title)}</text>',
    ]
    for ring in range(1, 5):
        parts.append(
            f'<circle cx="{cx}" cy="{cy}" r="{radius * ring / 4:.1f}" fill="none" '
            'stroke="#d0d4da" stroke-width="1"/>'
        )
    for i, (label, score, points, (lx, ly)) in enumerate(_flower_geometry(areas)):
        color = PETALS[i % len(PETALS)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polygon points="{path}" fill="{color}" fill-opacity="0.75" '
            f'stroke="{color}"><title>{html.escape(label)}: {score:.1f} / 4</title>'
            "</polygon>"
        )
        anchor = "middle" if abs(lx - cx) < 20 else "start" if lx > cx else "end"
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" font-family="sans-serif" font-size="13" '
            f'text-anchor="{anchor}">{html.escape(label)} ({score:.1f})</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
NANUM = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"  # Hangul (fonts-nanum)


def _font(size: int, *texts: str) -> FreeTypeFont | ImageFont:
    """A font that has the glyphs of ``texts``: NanumGothic first for Korean and other CJK
    text, DejaVu Sans first otherwise; Pillow's own bitmap font as the last resort."""
    from PIL import ImageFont

    wide = any(ord(ch) >= 0x1100 for text in texts for ch in text)
    for candidate in (NANUM, DEJAVU) if wide else (DEJAVU, NANUM):
        try:
            return ImageFont.truetype(candidate, size)
        except OSError:
            continue
    return ImageFont.load_default()


def flower_png(areas: Sequence[tuple[str, float]], title: str = "Competency areas") -> bytes:
    from PIL import Image, ImageDraw

    scale = 2
    image = Image.new("RGB", (WIDTH * scale, SIZE * scale), "white")
    draw = ImageDraw.Draw(image, "RGBA")
    cx, cy = WIDTH * scale / 2, SIZE * scale / 2
    radius = SIZE * 0.3 * scale
    for ring in range(1, 5):
        r = radius * ring / 4
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(208, 212, 218), width=2)
    labels = [label for label, _score in areas]
    font, title_font = _font(13 * scale, *labels), _font(16 * scale, title)
    draw.text((cx, 12 * scale), title, fill="black", font=title_font, anchor="mt")
    for i, (label, score, points, (lx, ly)) in enumerate(_flower_geometry(areas)):
        color = PETALS[i % len(PETALS)]
        rgb = tuple(int(color[k : k + 2], 16) for k in (1, 3, 5))
        draw.polygon([(x * scale, y * scale) for x, y in points], fill=(*rgb, 190), outline=rgb)
        anchor = "mm" if abs(lx - WIDTH / 2) < 20 else "lm" if lx > WIDTH / 2 else "rm"
        draw.text(
            (lx * scale, ly * scale),
            f"{label} ({score:.1f})",
            fill="black",
            font=font,
            anchor=anchor,
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _growth_geometry(
    points: Sequence[tuple[str, int]], width: int, height: int
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """The dots (one per date, x proportional to time) and the step line through them (the
    count only changes on those dates), starting from zero at the left axis."""
    if not points:
        return [], []
    from datetime import date

    top = max(count for _, count in points) or 1
    days = [date.fromisoformat(day[:10]) for day, _count in points]
    span = (days[-1] - days[0]).days
    left, right, upper, lower = 60, width - 20, 40, height - 40
    dots = []
    for day, (_label, count) in zip(days, points, strict=True):
        x = left + 20 + (right - left - 20) * ((day - days[0]).days / span if span else 1)
        dots.append((x, lower - (lower - upper) * count / top))
    steps = [(float(left), float(lower))]
    for x, y in dots:
        steps += [(x, steps[-1][1]), (x, y)]
    steps.append((float(right), steps[-1][1]))
    return dots, steps


def growth_svg(
    points: Sequence[tuple[str, int]], title: str = "Competencies shown over time"
) -> str:
    width, height = 640, 320
    coords, steps = _growth_geometry(points, width, height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{width / 2}" y="22" font-family="sans-serif" font-size="16" '
        f'text-anchor="middle" font-weight="bold">{html.escape(title)}</text>',
        f'<line x1="60" y1="{height - 40}" x2="{width - 20}" y2="{height - 40}" '
        'stroke="#888"/><line x1="60" y1="40" x2="60" y2="280" stroke="#888"/>',
    ]
    if coords:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in steps)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1b6ca8" stroke-width="3"/>')
        for (x, y), (day, count) in zip(coords, points, strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1b6ca8"><title>'
                f"{html.escape(day)}: {count}</title></circle>"
            )
        parts.append(
            f'<text x="60" y="{height - 20}" font-family="sans-serif" font-size="12">'
            f"{html.escape(points[0][0])}</text>"
        )
        parts.append(
            f'<text x="{width - 20}" y="{height - 20}" font-family="sans-serif" '
            f'font-size="12" text-anchor="end">{html.escape(points[-1][0])}</text>'
        )
        top = max(count for _, count in points)
        parts.append(
            f'<text x="52" y="44" font-family="sans-serif" font-size="12" '
            f'text-anchor="end">{top}</text>'
        )
        parts.append(
            f'<text x="52" y="{height - 40}" font-family="sans-serif" font-size="12" '
            'text-anchor="end">0</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def growth_png(
    points: Sequence[tuple[str, int]], title: str = "Competencies shown over time"
) -> bytes:
    from PIL import Image, ImageDraw

    width, height, scale = 640, 320, 2
    image = Image.new("RGB", (width * scale, height * scale), "white")
    draw = ImageDraw.Draw(image)
    font, title_font = _font(12 * scale), _font(16 * scale, title)
    draw.text((width * scale / 2, 10 * scale), title, fill="black", font=title_font, anchor="mt")
    draw.line(
        [(60 * scale, (height - 40) * scale), ((width - 20) * scale, (height - 40) * scale)],
        fill="#888888",
        width=2,
    )
    draw.line([(60 * scale, 40 * scale), (60 * scale, 280 * scale)], fill="#888888", width=2)
    dots, steps = _growth_geometry(points, width, height)
    if steps:
        draw.line([(x * scale, y * scale) for x, y in steps], fill="#1b6ca8", width=6)
    for x, y in dots:
        draw.ellipse([x * scale - 8, y * scale - 8, x * scale + 8, y * scale + 8], fill="#1b6ca8")
    if points:
        top = max(count for _, count in points)
        draw.text((52 * scale, 40 * scale), str(top), fill="black", font=font, anchor="rm")
        draw.text((52 * scale, (height - 40) * scale), "0", fill="black", font=font, anchor="rm")
        draw.text((60 * scale, (height - 24) * scale), points[0][0], fill="black", font=font)
        draw.text(
            ((width - 20) * scale, (height - 24) * scale),
            points[-1][0],
            fill="black",
            font=font,
            anchor="ra",
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
