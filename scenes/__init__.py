"""Manim scenes of gradviz; each draws its numbers from gradmath."""
