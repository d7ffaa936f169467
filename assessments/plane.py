"""Geometry of the anxiety x avoidance plane drawn as inline SVG on the result and pairing pages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import scoring

VIEW = 320  # the SVG's viewBox is VIEW x VIEW
LEFT = 40  # room for the anxiety axis label
TOP = 12
SIZE = 256  # the plotted square, scores 1..7 on both axes
MID = SIZE / 2


@dataclass(frozen=True)
class PlanePoint:
    x: float
    y: float
    anxiety: Decimal
    avoidance: Decimal
    label: str = ""
    css: str = ""


def to_xy(*, anxiety, avoidance) -> tuple[float, float]:
    """Avoidance runs left (low) to right (high); anxiety bottom (low) to top (high)."""
    span = scoring.SCALE_MAX - scoring.SCALE_MIN
    x = LEFT + (float(avoidance) - scoring.SCALE_MIN) / span * SIZE
    y = TOP + (scoring.SCALE_MAX - float(anxiety)) / span * SIZE
    return round(x, 1), round(y, 1)


def point(*, anxiety, avoidance, label: str = "", css: str = "") -> PlanePoint:
    x, y = to_xy(anxiety=anxiety, avoidance=avoidance)
    return PlanePoint(x=x, y=y, anxiety=anxiety, avoidance=avoidance, label=label, css=css)


def path_points(points: list[PlanePoint]) -> str:
    """The `points` attribute of a polyline through the given points, in order."""
    return " ".join(f"{p.x},{p.y}" for p in points)


def frame() -> dict:
    """Fixed coordinates the template needs (quadrant lines, label anchors)."""
    return {
        "view": VIEW,
        "left": LEFT,
        "top": TOP,
        "size": SIZE,
        "half": MID,
        "right": LEFT + SIZE,
        "bottom": TOP + SIZE,
        "mid_x": LEFT + MID,
        "mid_y": TOP + MID,
        "q_left": LEFT + MID / 2,
        "q_right": LEFT + MID * 1.5,
        "q_top": TOP + 18,
        "q_bottom": TOP + SIZE - 10,
        "axis_x_label_y": TOP + SIZE + 26,
        "axis_y_label_x": LEFT - 14,
    }
