"""CLI tests for render.py: arguments, exit codes and one-line messages (no rendering)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

from render import cli  # noqa: E402
from render_support import copy_fake_catalogue  # noqa: E402


@pytest.fixture()
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    catalogue = copy_fake_catalogue(tmp_path / "cat")
    monkeypatch.setenv("GRADVIZ_CATALOGUE", str(catalogue))
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


BAD_INPUT = [
    # (arguments, substring of the one-line error)
    (["scenes", "nosuch"], "Error: no scene matches the name 'nosuch' (see `gradviz list`)"),
    (["all", "--only", "zz*"], "no scene or figure matches the glob 'zz*'"),
    (["figures", "dot"], "no figure matches the name 'dot'"),
    (["scenes", "--format", "avi"], "'avi' is not one of"),
    (["figures", "--figure-format", "jpg"], "'jpg' is not one of"),
    (["scenes", "--quality", "8k"], "'8k' is not one of preview, low, medium, high, 4k"),
    (["all", "--jobs", "0"], "0 is not in the range x>=1"),
    (["all", "--jobs", "two"], "'two' is not a valid integer"),
    (["all", "--theme", "sepia"], "'sepia' is not one of"),
    (["all", "--preview", "--quality", "high"], "--preview sets the quality and formats itself; drop --quality"),
    (["all", "--preview", "-f", "gif", "--figure-format", "svg"], "drop --format, --figure-format"),
    (["all", "--bogus"], "No such option '--bogus'"),
    (["render"], "No such command 'render'"),
    (["figures", "--figure-width", "0in"], "'0in' is outside 2in to 50in"),
    (["figures", "--figure-width", "-3"], "'-3' is not a width: give column, text, or a number with in or mm"),
    (["figures", "--figure-width", "5furlongs"], "'5furlongs' is not a width"),
    (["figures", "--figure-width", "60in"], "'60in' is outside 2in to 50in"),
    (["figures", "--figure-width", "3.5"], "'3.5' is not a width"),
    (["figures", "--figure-format", "pgf", "--pgf-preamble", "/no/such/preamble.tex"],
     "Invalid value for '--pgf-preamble': cannot read /no/such/preamble.tex: No such file or directory"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT, ids=[" ".join(a) for a, _ in BAD_INPUT])
def test_bad_input_is_one_line_and_exit_2(fake: Path, args: list[str], message: str) -> None:
    code, out, err = invoke(*args, "--out", str(fake / "out"))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("Error: ")
    assert message in err
    assert "Traceback" not in err + out
    assert not (fake / "out").exists()


def test_unwritable_out_is_exit_2(fake: Path) -> None:
    blocker = fake / "file"
    blocker.write_text("not a folder")
    code, _, err = invoke("all", "--out", str(blocker / "sub"), "--dry-run")
    assert code == 2 and err.count("\n") == 1
    assert "is not a folder" in err and "'--out'" in err


def test_out_that_cannot_be_created_is_exit_2(fake: Path) -> None:
    code, out, err = invoke("figures", "--out", "/proc/gradviz-renders")
    assert code == 2 and err.count("\n") == 1
    assert "Error: Invalid value for '--out': /proc/gradviz-renders is not writable" in err
    assert "Traceback" not in out + err


def test_list_shows_every_entry_with_description(fake: Path) -> None:
    code, out, _ = invoke("list")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[1] for line in lines] == ["dot", "square", "broken", "killer", "slow", "line", "bars"]
    assert lines[0].startswith("scene") and lines[-1].startswith("figure")
    assert "A dot grows into a circle (test scene)." in lines[0]


def test_list_json(fake: Path) -> None:
    code, out, _ = invoke("list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["kind"] for r in rows] == ["scene"] * 5 + ["figure"] * 2
    assert rows[-1]["alt_text"].startswith("Three bars")
    assert "alt_text" not in rows[0]


def test_real_catalogue_lists_all_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    from lessons import builtin_lessons

    SCENES = [e for lesson in builtin_lessons() for e in lesson.scenes]
    FIGURES = [e for lesson in builtin_lessons() for e in lesson.figures]

    monkeypatch.delenv("GRADVIZ_CATALOGUE", raising=False)
    code, out, _ = invoke("list", "--json")
    assert code == 0
    assert [r["name"] for r in json.loads(out)] == [e.name for e in (*SCENES, *FIGURES)]


DRY_RUNS = [
    # (arguments, outputs expected in the plan)
    (["scenes", "dot"], ["scenes/480p15/dot.mp4"]),
    (["scenes", "--only", "s*", "-q", "high"], ["scenes/1080p60/square.mp4", "scenes/1080p60/slow.mp4"]),
    (["scenes", "dot", "-q", "4k", "-f", "webm", "-f", "png"], ["scenes/2160p60/dot.webm", "scenes/2160p60/dot.png"]),
    (["scenes", "dot", "--theme", "light", "-f", "gif"], ["scenes/480p15/dot_light.gif"]),
    (["figures"], ["figures/line.pdf", "figures/bars.pdf"]),
    (["figures", "line", "--figure-format", "svg", "--figure-format", "png", "--theme", "dark"],
     ["figures/line_dark.svg", "figures/line_dark.png"]),
    (["figures", "line", "--figure-width", "column", "--grayscale", "--figure-format", "pgf"],
     ["figures/column/line_gray.pgf"]),
    (["figures", "bars", "--figure-width", "89mm", "--theme", "dark"], ["figures/89mm/bars_dark.pdf"]),
    (["figures", "bars", "--figure-width", "7.2in"], ["figures/text/bars.pdf"]),
    (["all", "dot", "bars", "--preview"],
     ["scenes/480p15/dot.mp4", "scenes/480p15/dot.gif", "scenes/480p15/dot.png", "figures/bars.png"]),
]


@pytest.mark.parametrize(("args", "expected"), DRY_RUNS, ids=[" ".join(a) for a, _ in DRY_RUNS])
def test_dry_run_lists_outputs_with_reason_and_writes_nothing(fake: Path, args: list[str], expected: list[str]) -> None:
    out = fake / "out"
    code, stdout, _ = invoke(*args, "--out", str(out), "--dry-run")
    assert code == 0
    planned = [line.split()[0] for line in stdout.splitlines()[1:]]
    assert planned == expected
    assert all(line.endswith("[new]") for line in stdout.splitlines()[1:])
    assert not out.exists()


def test_check_reports_each_dependency(tmp_path: Path) -> None:
    code, out, _ = invoke("check", "--out", str(tmp_path / "renders"))
    names = ["cairo", "pango", "LaTeX", "dvisvgm", "H.264", "GIF", "VP9", "output folder", "usetex"]
    for name in names:
        assert name in out
    assert code == 0 and "Everything required is here." in out


def test_check_fails_on_unwritable_out(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, out, err = invoke("check", "--out", str(blocker / "renders"))
    assert code == 1
    assert "MISSING  output folder" in out
    assert err.strip() == f"Error: missing: output folder {blocker / 'renders'}"


def test_help_lists_commands_and_options() -> None:
    code, out, _ = invoke("all", "--help")
    assert code == 0
    for option in ("--quality", "--format", "--figure-format", "--theme", "--out", "--jobs", "--force",
                   "--dry-run", "--preview", "--only"):
        assert option in out
    assert "tiny" not in out


def test_second_run_into_the_same_out_is_refused(fake: Path) -> None:
    from rendering.runner import out_lock

    out = fake / "out"
    out.mkdir()
    with out_lock(out):
        code, _, err = invoke("figures", "--out", str(out))
    assert code == 1
    assert err.strip() == f"Error: another gradviz run is writing to {out}"


@pytest.mark.parametrize("command", [["figures"], ["scenes", "--dry-run"], ["check"]])
def test_empty_out_is_refused(fake: Path, command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(fake)
    before = sorted(p.name for p in fake.iterdir())
    code, out, err = invoke(*command, "--out", "")
    assert code == 2 and err.count("\n") == 1
    assert "Invalid value for '--out'" in err and "the path is empty" in err
    assert sorted(p.name for p in fake.iterdir()) == before


@pytest.mark.parametrize("tail", ["a" * 300, "/".join(["abcdefghij"] * 400)], ids=["long-name", "long-path"])
def test_too_long_out_is_refused_and_creates_nothing(fake: Path, tail: str) -> None:
    code, out, err = invoke("figures", "--out", str(fake / "new" / tail))
    assert code == 2 and err.count("\n") == 1
    assert "too long" in err and "Traceback" not in out + err
    assert not (fake / "new").exists()
