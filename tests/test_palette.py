"""The event-type colours stay apart for every reader: CIEDE2000 under simulated colour vision.

Colour-vision deficiency is simulated with Machado, Oliveira & Fernandes (2009), severity 1.0;
distances are CIEDE2000 (Sharma, Wu & Dalal 2005) in CIELAB under D65. Ten ΔE00 is about where
two small marker colours stop being confused side by side.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from timeline import schema
from timeline.figures import OTHER_COLOUR, PETROFF_10, TYPE_COLOURS

MIN_DISTANCE = 10.0

_MACHADO = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
_RGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_WHITE = np.array([0.95047, 1.0, 1.08883])


def linear(hex_colour: str) -> np.ndarray:
    srgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear: np.ndarray) -> tuple[float, float, float]:
    xyz = (_RGB_TO_XYZ @ np.clip(rgb_linear, 0, 1)) / _WHITE
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def seen(hex_colour: str, vision: str) -> tuple[float, float, float]:
    return lab(_MACHADO[vision] @ linear(hex_colour))


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    rotation = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    r_t = -math.sin(math.radians(2 * rotation)) * r_c
    return math.sqrt(
        (d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)
    )


def closest(colours: dict[str, str], vision: str) -> tuple[float, str, str]:
    """The smallest distance between two of `colours` as seen with `vision`, and the pair."""
    return min(
        (ciede2000(seen(c1, vision), seen(c2, vision)), n1, n2)
        for (n1, c1), (n2, c2) in itertools.combinations(colours.items(), 2)
    )


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # pairs from Sharma, Wu & Dalal's CIEDE2000 test data
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ],
)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected) -> None:
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("vision", list(_MACHADO))
def test_every_two_event_type_colours_stay_apart(vision: str) -> None:
    distance, first, second = closest({**TYPE_COLOURS, "other": OTHER_COLOUR}, vision)
    assert distance >= MIN_DISTANCE, f"{first} and {second}: ΔE00 {distance:.1f} ({vision})"


def test_a_palette_with_look_alike_colours_fails_the_check() -> None:
    muted = {"military": "#882255", "report": "#555555"}  # Paul Tol's muted wine and a grey
    assert closest(muted, "deuteranopia")[0] < MIN_DISTANCE


def test_every_event_type_has_its_own_colour_from_the_published_sequence() -> None:
    assert set(TYPE_COLOURS) == set(schema.EVENT_TYPES) == set(schema.EVENT_TYPES_SHORT)
    drawn = [TYPE_COLOURS[kind] for kind in schema.EVENT_TYPES if kind != schema.PERIOD]
    assert sorted(drawn) == sorted(PETROFF_10)
