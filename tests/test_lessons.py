"""Lesson files: the built-in ones load, and every kind of mistake is one line naming file, entry and problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lessons import (
    BUILTIN_LESSONS,
    STARTER,
    TEMPLATES,
    LessonError,
    builtin_lessons,
    default_params,
    load_lesson,
    load_lessons,
    params_from_payload,
)

GOOD = """
title = "Test lesson"

[landscapes.bowl]
formula = "x^2 + 2y^2"
domain = [[-3, 3], [-2, 2]]

[landscapes.line]
formula = "x^4 - 3x^2 + x"
domain = [[-2, 2]]

[experiments.walk]
landscape = "bowl"
starts = [[2, 1], [-2, -1]]
learning_rate = 0.1
steps = 20

[[scenes]]
template = "hiker_in_fog"
landscape = "bowl"
start = [2, 1]

[[figures]]
template = "descent_paths"
experiment = "walk"

[[figures]]
template = "nonconvex_1d"
landscape = "line"
starts = [[-1.5], [1.5]]
learning_rate = 0.05
"""


def write(tmp_path: Path, text: str, name: str = "lesson.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path) + ": ")
    return message.removeprefix(str(path) + ": ")


# --- the built-in lessons ----------------------------------------------------------------------

def test_builtin_lessons_use_every_template_once_at_least():
    lessons = builtin_lessons()
    assert [lesson.path for lesson in lessons] == list(BUILTIN_LESSONS)
    used = {e.template.name for lesson in lessons for e in lesson.entries()}
    assert used == set(TEMPLATES)


def test_default_params_are_the_first_builtin_entry():
    params = default_params("hiker_in_fog")
    assert params.landscape.name == "profit" and params.start == (2.0, 3.0)
    with pytest.raises(LessonError, match="no built-in lesson uses the template 'nope'"):
        default_params("nope")


def test_experiments_are_shared_by_scene_and_figure():
    """One experiment, two outputs, the same numbers (the issue's 0.02/0.2/0.31 vs 0.03/0.2/0.3)."""
    (fog, course) = builtin_lessons()
    by_name = {e.name: e for lesson in (fog, course) for e in lesson.entries()}
    scene, figure = by_name["learning_rate"].params, by_name["learning_rates"].params
    for key in ("landscape", "start", "rates", "names", "steps", "tol"):
        assert getattr(scene, key) == getattr(figure, key), key
    scene, figure = by_name["local_minima"].params, by_name["heat_map_navigation"].params
    for key in ("landscape", "starts", "learning_rate", "steps", "tol", "basin_steps", "basin_resolution",
                "overshoot_rate"):
        assert getattr(scene, key) == getattr(figure, key), key
    balls, rolls = by_name["local_minima"].params.line, by_name["nonconvex_1d"].params
    assert balls.model_dump() == rolls.model_dump()


def test_starter_lesson_loads_and_names_its_entries():
    lesson = load_lesson(STARTER)
    assert [e.name for e in lesson.entries()] == ["profit_hiker_in_fog", "profit_descent_on_surface",
                                                  "profit_contour_gradient", "profit_descent_paths"]


def test_a_good_lesson_loads_with_resolved_landscapes(tmp_path: Path):
    lesson = load_lesson(write(tmp_path, GOOD))
    assert lesson.title == "Test lesson" and [e.name for e in lesson.scenes] == ["bowl_hiker_in_fog"]
    hiker = lesson.scenes[0].params
    assert hiker.landscape.gradient([1, 1]).tolist() == [2.0, 4.0]
    assert hiker.learning_rate == 0.1 and hiker.steps == 8  # the template's defaults
    paths = lesson.figures[0]
    assert paths.params.starts == ((2.0, 1.0), (-2.0, -1.0)) and paths.name == "bowl_descent_paths"


def test_payload_rebuilds_the_same_parameters_elsewhere(tmp_path: Path):
    entry = load_lesson(write(tmp_path, GOOD)).figures[0]
    payload = json.loads(json.dumps(entry.payload))  # what travels to a worker
    rebuilt = params_from_payload(payload)
    assert rebuilt.starts == entry.params.starts and rebuilt.landscape.latex == entry.params.landscape.latex
    assert set(payload["landscapes"]) == {"bowl"}


def test_inputs_cover_the_entry_its_landscape_and_nothing_else(tmp_path: Path):
    first = {e.name: e.inputs() for e in load_lesson(write(tmp_path, GOOD)).entries()}
    edited = GOOD.replace("learning_rate = 0.05", "learning_rate = 0.04")
    second = {e.name: e.inputs() for e in load_lesson(write(tmp_path, edited)).entries()}
    changed = {name for name in first if first[name] != second[name]}
    assert changed == {"line_nonconvex_1d"}
    edited = GOOD.replace('formula = "x^2 + 2y^2"', 'formula = "x^2 + 3y^2"')
    third = {e.name: e.inputs() for e in load_lesson(write(tmp_path, edited)).entries()}
    assert {name for name in first if first[name] != third[name]} == {"bowl_hiker_in_fog", "bowl_descent_paths"}


# --- every mistake: one line, the file, the entry, the problem -----------------------------------

@pytest.mark.parametrize("change, expected", [
    (('template = "hiker_in_fog"', 'template = "hiker_in_fgo"'),
     "scenes[0].template: unknown scene template 'hiker_in_fgo' (did you mean 'hiker_in_fog'?)"),
    (('template = "hiker_in_fog"', 'template = "descent_paths"'),
     "scenes[0].template: unknown scene template 'descent_paths'"),
    (('landscape = "bowl"\nstart =', 'landscape = "bowel"\nstart ='),
     "scenes[0].landscape: unknown landscape 'bowel' (the lesson defines: bowl, line)"),
    (("start = [2, 1]", "start = [2, 1, 0]"),
     "scenes[0].start: needs 2 coordinates (x, y) for landscape 'bowl'; got 3"),
    (("start = [2, 1]", "start = [2, 5]"),
     "scenes[0].start: 5 is outside the domain of 'bowl': y runs from -2 to 2"),
    (("start = [2, 1]", "start = [2, 1]\nlerning_rate = 0.1"),
     "scenes[0].lerning_rate: unknown parameter (did you mean 'learning_rate'?)"),
    (("start = [2, 1]", "start = [2, 1]\nsteps = 0"), "scenes[0].steps: Input should be greater than or equal to 1"),
    (("start = [2, 1]", 'start = "here"'), "scenes[0].start"),
    (('start = [2, 1]\n', ''), "scenes[0].start: missing: this key is required"),
    (('formula = "x^2 + 2y^2"', 'formula = "x^2 + 2y^^2"'), "landscapes.bowl: "),
    (('formula = "x^2 + 2y^2"', 'formula = "x.real + y"'), "landscapes.bowl: "),
    (("domain = [[-3, 3], [-2, 2]]", "domain = [[3, -3], [-2, 2]]"), "landscapes.bowl: "),
    (('experiment = "walk"', 'experiment = "wlak"'),
     "figures[0].experiment: unknown experiment 'wlak' (did you mean 'walk'?)"),
    (('experiment = "walk"', 'experiment = "walk"\nsteps = 5'),
     "figures[0].steps: also set by experiment 'walk': set it in one place"),
    (("steps = 20", "steps = -1"), "experiments.walk.steps (used by figures[0]): "),
    (('landscape = "line"', 'landscape = "bowl"'),
     "figures[1].landscape: this template needs a landscape of 1 variable; 'bowl' has 2"),
    (("starts = [[-1.5], [1.5]]", "starts = [[-1.5], [2.5]]"),
     "figures[1].starts[1]: 2.5 is outside the domain of 'line': x runs from -2 to 2"),
    (('title = "Test lesson"', 'title = "Test lesson"\ntheme = "blue"'), "theme: "),
    (('title = "Test lesson"', 'title = "Test lesson"\ntitel = "x"'), "titel: unknown key (did you mean 'title'?)"),
    (('title = "Test lesson"\n', ''), "title: missing"),
    (("[[scenes]]", "[[scenes]]\nname = \"bowl_descent_paths\""),
     "figures[0].name: 'bowl_descent_paths' is also the name of scenes[0]"),
    (("[[scenes]]", "[[scenes]]\nname = \"a/b\""), "scenes[0].name: String should match pattern"),
    (("[landscapes.bowl]", "[landscapes.bowl]\ncolour = 1"),
     "landscapes.bowl.colour: unknown parameter"),
    (("title", "titl e"), "not valid TOML"),
])
def test_each_mistake_is_one_line_naming_the_entry(tmp_path: Path, change: tuple[str, str], expected: str):
    old, new = change
    assert old in GOOD
    assert expected in error_of(tmp_path, GOOD.replace(old, new, 1))


def test_data_templates_check_the_csv_and_its_columns(tmp_path: Path):
    (tmp_path / "data.csv").write_text("a,b,score\n1,2,3\n2,1,5\n3,3,4\n", encoding="utf-8")
    base = 'title = "t"\n[[figures]]\ntemplate = "data_gradient"\ndata = "data.csv"\ntarget = "score"\n'
    lesson = load_lesson(write(tmp_path, base + 'features = ["a", "b"]\n'))
    assert lesson.figures[0].params.data == (tmp_path / "data.csv").resolve()
    assert "figures[0].features[1]: data.csv has no column 'c'" in error_of(tmp_path, base + 'features = ["a", "c"]\n')
    text = base.replace("data.csv", "missing.csv") + 'features = ["a"]\n'
    assert "figures[0].data: no such file: missing.csv (paths are relative to the lesson file)" in error_of(tmp_path, text)
    text = base.replace('"score"', '"scor"') + 'features = ["a"]\n'
    assert "figures[0].target: data.csv has no column 'scor' (did you mean 'score'?)" in error_of(tmp_path, text)


def test_names_must_differ_across_lessons(tmp_path: Path):
    a = write(tmp_path, GOOD, "a.toml")
    b = write(tmp_path, GOOD, "b.toml")
    with pytest.raises(LessonError, match=r"b\.toml: scenes\[0\]\.name: 'bowl_hiker_in_fog' is also the name of .*a\.toml"):
        load_lessons([a, b])


@pytest.mark.parametrize("content, expected", [
    (b"\xff\xfe", "not UTF-8 text"),
    (b"x" * 1_000_001, "larger than 1,000,000 bytes"),
])
def test_unreadable_files_are_one_line(tmp_path: Path, content: bytes, expected: str):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(LessonError, match=expected):
        load_lesson(path)
    with pytest.raises(LessonError, match="cannot read the lesson file"):
        load_lesson(tmp_path / "absent.toml")
    with pytest.raises(LessonError, match="is a folder"):
        load_lesson(tmp_path)


def test_loading_lessons_loads_neither_manim_nor_matplotlib():
    """`gradviz list`, `templates` and the validation of a lesson stay quick: no renderer is imported."""
    import subprocess
    import sys

    code = ("import sys, lessons; lessons.builtin_lessons(); "
            "print(sorted(m for m in ('manim', 'matplotlib') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.stdout.strip() == "[]"
