"""FacetSurface: one mobject, its faces drawn far to near in one cairo pass by FacetCamera."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DEGREES, FadeIn, ThreeDScene, tempconfig

from scenes.facets import FacetCamera, FacetSurface, colour_scale

BLACK_TO_WHITE = colour_scale(["#000000", "#FFFFFF"], [0.0, 1.0])


def _frame(surface: FacetSurface, phi: float = 0.0) -> np.ndarray:
    """The surface seen from above (``phi`` 0) by a FacetCamera, 160×90 pixels, as RGB."""
    with tempconfig({"pixel_width": 160, "pixel_height": 90, "disable_caching": True, "verbosity": "ERROR"}):
        scene = ThreeDScene(camera_class=FacetCamera)
        scene.setup()
        scene.set_camera_orientation(phi=phi * DEGREES, theta=-90 * DEGREES)
        scene.add(surface)
        scene.camera.reset()
        scene.camera.capture_mobjects(scene.mobjects)
        return np.asarray(scene.camera.pixel_array[:, :, :3], dtype=int)


def test_faces_are_coloured_by_their_height() -> None:
    surface = FacetSurface(lambda u, v: np.array([3 * u, 3 * v, 0.0]), (-1, 1), (-1, 1), (8, 2),
                           height=lambda u, v: (u + 1) / 2, colour_of=BLACK_TO_WHITE)
    assert surface.faces.shape == (16, 4, 3)
    row = _frame(surface)[45, [50, 59, 67, 76, 84, 93, 101, 110]].mean(axis=1)  # each face's middle, left to right
    assert np.all(np.diff(row) > 0) and row[0] < 40 and row[-1] > 215  # dark at height 0, light at 1


def test_the_nearer_of_two_overlapping_faces_is_drawn_last() -> None:
    """A surface folded onto itself: the upper (white) half is the first face built, so only a
    depth sort puts it on top when seen from above."""
    fold = FacetSurface(lambda u, v: np.array([3 * u, 3 * (abs(v) - 0.5), -2 * v]), (-1, 1), (-1, 1), (1, 2),
                        height=lambda u, v: -v, colour_of=colour_scale(["#000000", "#FFFFFF"], [-0.5, 0.5]))
    assert fold.face_centres()[0, 2] > fold.face_centres()[1, 2]  # the upper face comes first
    assert _frame(fold)[45, 80].mean() > 200


def test_the_mobjects_opacity_fades_every_face() -> None:
    surface = FacetSurface(lambda u, v: np.array([3 * u, 3 * v, 0.0]), (-1, 1), (-1, 1), (2, 2),
                           height=lambda u, v: 1.0, colour_of=BLACK_TO_WHITE)
    assert _frame(surface.copy().set_fill(opacity=0))[45, 80].max() < 30  # only the background
    half = _frame(surface.copy().set_fill(opacity=0.5))[45, 80].mean()
    assert 100 < half < 160
    fade = FadeIn(surface)
    fade.begin()
    fade.interpolate(0.5)
    assert surface.get_fill_opacity() == pytest.approx(0.5, abs=0.05)


def test_moving_the_surface_moves_its_faces() -> None:
    surface = FacetSurface(lambda u, v: np.array([u, v, u * v]), (0, 1), (0, 1), (3, 3),
                           height=lambda u, v: u * v, colour_of=BLACK_TO_WHITE)
    before = surface.face_centres().copy()
    surface.shift([1.0, 2.0, 3.0])
    np.testing.assert_allclose(surface.face_centres(), before + [1.0, 2.0, 3.0])
