"""The CLI on lesson files: --lesson, `templates`, `new`, one-line errors, and per-entry incremental renders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lessons import STARTER, TEMPLATES
from lessons.templates import describe_parameters
from render import cli

LESSON = """
title = "Two figures"

[landscapes.bowl]
formula = "x^2 + 2y^2"
domain = [[-3, 3], [-2, 2]]

[landscapes.hill]
formula = "-(x - 1)^2 - y^2"
domain = [[-2, 3], [-2, 2]]
goal = "max"

[[figures]]
template = "contour_gradient"
landscape = "bowl"

[[figures]]
template = "descent_paths"
landscape = "hill"
starts = [[-1, 1], [2, -1.5]]
learning_rate = 0.2
steps = 15
"""


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def write(tmp_path: Path, text: str = LESSON) -> Path:
    path = tmp_path / "lesson.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_list_reads_lesson_files(tmp_path: Path):
    result = invoke("list", "--json", "--lesson", str(write(tmp_path)))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["kind"], r["name"], r["template"]) for r in rows] == [
        ("figure", "bowl_contour_gradient", "contour_gradient"), ("figure", "hill_descent_paths", "descent_paths")]


@pytest.mark.parametrize("command", ["list", "all", "scenes", "figures"])
def test_a_bad_lesson_is_one_line_exit_2_and_nothing_written(tmp_path: Path, command: str):
    bad = write(tmp_path, LESSON.replace("starts = [[-1, 1]", "starts = [[-1, 1, 4]"))
    out = tmp_path / "out"
    args = [command, "--lesson", str(bad)] + ([] if command == "list" else ["--out", str(out)])
    result = invoke(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [f"Error: {bad}: figures[1].starts[0]: needs 2 coordinates (x, y) for landscape 'hill'; got 3"]
    assert "Traceback" not in result.output and not out.exists()


def test_a_missing_lesson_file_is_one_line(tmp_path: Path):
    result = invoke("all", "--lesson", str(tmp_path / "nope.toml"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "cannot read the lesson file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


def test_templates_lists_every_template_with_its_parameters():
    result = invoke("templates")
    assert result.exit_code == 0
    for template in TEMPLATES.values():
        assert f"{template.name} ({template.kind}): {template.summary}" in result.stdout
        for name, kind, default, meaning in describe_parameters(template.params):
            assert any(line.split()[:1] == [name] and meaning in line for line in result.stdout.splitlines()), name
    one = invoke("templates", "hiker_in_fog")
    assert one.stdout.startswith("hiker_in_fog (scene)") and "descent_paths" not in one.stdout
    assert invoke("templates", "nope").exit_code == 2


def test_new_writes_the_starter_and_refuses_to_overwrite(tmp_path: Path):
    target = tmp_path / "mine.toml"
    result = invoke("new", str(target))
    assert result.exit_code == 0 and target.read_bytes() == STARTER.read_bytes()
    assert invoke("list", "--lesson", str(target)).exit_code == 0
    again = invoke("new", str(target))
    assert again.exit_code == 2 and "exists; pass --force" in again.stderr
    assert invoke("new", str(target), "--force").exit_code == 0
    assert invoke("new", str(tmp_path / "no" / "dir.toml")).exit_code == 2


def test_editing_one_entry_rerenders_that_entry_only(tmp_path: Path):
    lesson, out = write(tmp_path), tmp_path / "out"
    first = invoke("figures", "--lesson", str(lesson), "--out", str(out), "--figure-format", "png", "-j", "1")
    assert first.exit_code == 0, first.output
    assert sorted(p.name for p in (out / "figures").iterdir()) == ["bowl_contour_gradient.png", "hill_descent_paths.png"]
    unchanged = invoke("figures", "--lesson", str(lesson), "--out", str(out), "--figure-format", "png", "--dry-run")
    assert "Nothing to render: all 2 outputs are up to date." in unchanged.stdout
    write(tmp_path, LESSON.replace("steps = 15", "steps = 16"))
    edited = invoke("figures", "--lesson", str(lesson), "--out", str(out), "--figure-format", "png", "--dry-run")
    assert "Would render 1 output(s)" in edited.stdout and "hill_descent_paths.png  [changed]" in edited.stdout
    write(tmp_path, LESSON.replace('formula = "x^2 + 2y^2"', 'formula = "x^2 + 3y^2"'))
    landscape = invoke("figures", "--lesson", str(lesson), "--out", str(out), "--figure-format", "png", "--dry-run")
    assert "Would render 1 output(s)" in landscape.stdout and "bowl_contour_gradient.png  [changed]" in landscape.stdout


def test_the_installed_command_finds_the_lessons_outside_the_project(tmp_path: Path):
    """Every package the CLI imports is installed (a package missing from pyproject's list is not)."""
    import shutil
    import subprocess
    import sys

    command = shutil.which("gradviz", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("gradviz is not installed in this environment")
    result = subprocess.run([command, "list", "--json"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert {"hiker_in_fog", "stratagem_gradient"} <= {row["name"] for row in json.loads(result.stdout)}
