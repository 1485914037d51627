"""gradviz's one command line: list, check and render scenes and figures (``gradviz = render:cli``)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import click

from rendering.catalogue import Catalogue, load_catalogue, select
from rendering.kinds import ENTRY_KINDS, entry_kind
from rendering.options import FIGURE_FORMATS, PUBLIC_QUALITIES, QUALITIES, SCENE_FORMATS, Quality, RenderOptions
from rendering.print_options import FigureWidth, PrintOptions, parse_width

__all__ = ["cli"]


class GradvizGroup(click.Group):
    """A click group whose usage errors are one line (``Error: …``) with exit code 2."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            click.echo(f"Error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


class QualityType(click.ParamType):
    """Manim's presets by name; the help lists the public ones (``tiny`` is for tests)."""

    name = "quality"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(PUBLIC_QUALITIES) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Quality:
        if isinstance(value, Quality):
            return value
        quality = QUALITIES.get(str(value).lower())
        if quality is None:
            self.fail(f"{value!r} is not one of {', '.join(PUBLIC_QUALITIES)}", param, ctx)
        return quality


class WidthType(click.ParamType):
    """A figure width: ``column``, ``text``, or a number with ``in`` or ``mm``."""

    name = "width"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "column|text|<n>in|<n>mm"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> FigureWidth:
        if isinstance(value, FigureWidth):
            return value
        try:
            return parse_width(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class ShardType(click.ParamType):
    """``K/N``: shard K of N (see rendering.shards)."""

    name = "K/N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from rendering.shards import Shard, parse_shard

        if isinstance(value, Shard):
            return value
        try:
            return parse_shard(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class BadInput(click.ClickException):
    """Bad input found before anything renders: one line, exit code 2."""

    exit_code = 2


class SchedulerAddress(click.ParamType):
    """A Dask scheduler's address, ``[tcp://]HOST[:PORT]`` (port 8786 by default), checked, not yet dialled."""

    name = "address"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from rendering.cluster import scheduler_address

        try:
            return scheduler_address(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class ChunksType(click.ParamType):
    """``N`` or ``auto``: how many chunks each scene is cut into (see rendering.chunking)."""

    name = "N|auto"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from rendering.chunking import parse_chunks

        if isinstance(value, int):
            return value
        try:
            return parse_chunks(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class OutFolder(click.Path):
    """An output folder path; an empty one (``--out ''``) is refused rather than read as "."."""

    def __init__(self) -> None:
        super().__init__(path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("the path is empty", param, ctx)
        return super().convert(value, param, ctx)


def _catalogue(ctx: click.Context, lessons: tuple[Path, ...] = ()) -> Catalogue:
    from lessons import LessonError

    try:
        return load_catalogue(ctx.find_root().params.get("catalogue"), lessons)
    except LessonError as exc:
        raise BadInput(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - a broken catalogue module: one line, never a traceback
        text = str(exc).strip().splitlines()
        raise BadInput(f"cannot load the catalogue: {type(exc).__name__}: {text[0] if text else ''}".rstrip(": "))


LESSON_OPTION = click.option("--lesson", "lessons", multiple=True, metavar="FILE",
                             type=click.Path(path_type=Path, dir_okay=False),
                             help="A lesson file (TOML) to use instead of the built-in lessons (repeatable).")


@click.group(cls=GradvizGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--catalogue", hidden=True, envvar="GRADVIZ_CATALOGUE",
              help="Alternative registry module (dotted name or .py path) defining SCENES/FIGURES.")
def cli(catalogue: str | None) -> None:
    """Render gradviz's scenes (Manim videos) and figures (matplotlib), in parallel and incrementally."""


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@LESSON_OPTION
@click.pass_context
def list_command(ctx: click.Context, as_json: bool, lessons: tuple[Path, ...]) -> None:
    """List every scene and figure with a one-line description."""
    catalogue = _catalogue(ctx, lessons)
    rows = [{"kind": catalogue.kind_of(e), "name": e.name, "description": e.description}
            | ({"template": e.template.name, "lesson": e.lesson} if hasattr(e, "template") else {})
            | entry_kind(e).listing(e) for e in catalogue.entries()]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max((len(r["name"]) for r in rows), default=4)
    for row in rows:
        click.echo(f"{row['kind']:<7} {row['name']:<{width}}  {row['description']}")


@cli.command()
@click.option("--out", type=OutFolder(), default=Path("renders"), show_default=True,
              help="Output folder whose writability is checked.")
def check(out: Path) -> None:
    """Preflight: cairo/pango, LaTeX and dvisvgm, ffmpeg through PyAV, a writable output folder."""
    from rendering.checks import run_checks

    checks = run_checks(out)
    for item in checks:
        mark = "ok" if item.ok else ("MISSING" if item.required else "fallback")
        line = f"{mark:<8} {item.name}: {item.detail}"
        if not item.ok and item.fallback:
            line += f" -> {item.fallback}"
        click.echo(line)
    missing = [c.name for c in checks if c.required and not c.ok]
    if missing:
        raise click.ClickException(f"missing: {', '.join(missing)}")
    click.echo("Everything required is here.")


def _render_options(func: Any) -> Any:
    """The options shared by ``all``, ``scenes`` and ``figures``."""
    options = [
        click.argument("names", nargs=-1),
        click.option("--only", multiple=True, metavar="GLOB", help="Shell-style glob of names (repeatable)."),
        click.option("--quality", "-q", type=QualityType(), default="preview", show_default=True,
                     help="Manim preset: preview=low=480p15, medium=720p30, high=1080p60, 4k=2160p60."),
        click.option("--format", "-f", "formats", multiple=True, type=click.Choice(SCENE_FORMATS),
                     help="Scene output format (repeatable; png = last frame). Default: mp4."),
        click.option("--figure-format", "figure_formats", multiple=True, type=click.Choice(FIGURE_FORMATS),
                     help="Figure output format (repeatable). Default: pdf."),
        click.option("--figure-width", type=WidthType(), default=None,
                     help="Every figure this wide: column (3.5in), text (7.2in), or inches or millimetres "
                          "(4in, 89mm); into figures/<width>/. Default: each template's own width."),
        click.option("--grayscale", is_flag=True,
                     help="Figures in grayscale, series told apart by line style and marker (names end in _gray)."),
        click.option("--pgf-preamble", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="FILE",
                     help="LaTeX preamble of the book (its font packages) that PGF figures are set and measured in."),
        click.option("--theme", type=click.Choice(["dark", "light"]), default=None,
                     help="Theme for everything (default: dark scenes, light figures)."),
        click.option("--out", "-o", type=OutFolder(), default=Path("renders"), show_default=True,
                     help="Output folder."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="cores",
                     help="Worker processes."),
        click.option("--scheduler", type=SchedulerAddress(), default=None, metavar="ADDRESS",
                     help="Render on the Dask cluster at ADDRESS (tcp://HOST:PORT) instead of local workers; "
                          "needs gradviz[cluster]."),
        click.option("--chunks", type=ChunksType(), default="1", show_default=True,
                     help="Cut each scene into N chunks of animations rendered in parallel and joined without "
                          "re-encoding (frame-identical); auto: only when there are fewer scenes than workers, and "
                          "only a scene whose last render shows that chunks win."),
        click.option("--force", is_flag=True, help="Render even outputs that are up to date."),
        click.option("--dry-run", is_flag=True, help="Print what would be rendered, and why, without rendering."),
        click.option("--preview", is_flag=True,
                     help="CI preview: preview-quality MP4, GIF and last-frame PNG, PNG figures, index.html."),
        click.option("--shard", type=ShardType(), default=None,
                     help="Render shard K of N: a deterministic share balanced by --balance-from (CI)."),
        click.option("--balance-from", type=click.Path(path_type=Path), default=None, metavar="MANIFEST",
                     help="With --shard: a manifest.json (or its folder) whose render times balance the shards."),
        LESSON_OPTION,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _build_options(ctx: click.Context, params: dict[str, Any]) -> RenderOptions:
    out: Path = params["out"]
    if params["preview"]:
        flags = {"quality": "--quality", "formats": "--format", "figure_formats": "--figure-format"}
        clashes = [flag for name, flag in flags.items()
                   if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE]
        if clashes:
            raise click.UsageError(f"--preview sets the quality and formats itself; drop {', '.join(clashes)}")
    from rendering.checks import writable_dir

    printing = _print_options(params)  # before --out is created
    problem = writable_dir(out, create=not params["dry_run"])
    if problem:
        raise click.BadParameter(problem, param_hint="'--out'")
    if params["preview"]:
        return RenderOptions(out=out, quality=QUALITIES["preview"], formats=("mp4", "gif", "png"),
                             figure_formats=("png",), theme=params["theme"], jobs=params["jobs"],
                             force=params["force"], dry_run=params["dry_run"], preview=True, printing=printing,
                             scheduler=params["scheduler"], chunks=params["chunks"])
    return RenderOptions(out=out, quality=params["quality"], formats=tuple(dict.fromkeys(params["formats"] or ("mp4",))),
                         figure_formats=tuple(dict.fromkeys(params["figure_formats"] or ("pdf",))),
                         theme=params["theme"], jobs=params["jobs"], force=params["force"],
                         dry_run=params["dry_run"], printing=printing, scheduler=params["scheduler"],
                         chunks=params["chunks"])


def _print_options(params: dict[str, Any]) -> PrintOptions:
    """--figure-width, --grayscale and --pgf-preamble (read here: a file that cannot be is bad input);
    PGF needs pdflatex to measure its text."""
    if "pgf" in params["figure_formats"] and not params["preview"] and shutil.which("pdflatex") is None:
        raise BadInput("--figure-format pgf needs pdflatex (TeX Live) to measure the text; it is not on PATH")
    preamble = ""
    path: Path | None = params["pgf_preamble"]
    if path is not None:
        try:
            preamble = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            raise click.BadParameter(f"cannot read {path}: {reason}", param_hint="'--pgf-preamble'") from None
    return PrintOptions(width=params["figure_width"], grayscale=params["grayscale"], pgf_preamble=preamble)


def _render(ctx: click.Context, kind: str, params: dict[str, Any]) -> None:
    from rendering.cli_run import execute_run

    catalogue = _catalogue(ctx, params["lessons"])
    what = {k.group: k.name for k in ENTRY_KINDS}.get(kind, " or ".join(k.name for k in ENTRY_KINDS))
    try:
        entries = select(catalogue.entries(kind), [*params["names"], *params["only"]], what=what)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if not entries:
        raise click.UsageError(f"the catalogue has no {kind} to render")
    balance = _balance(params)
    options = _build_options(ctx, params)
    entries, stamp = _share(entries, options, params["shard"], balance)
    code = execute_run(catalogue, entries, options, command=f"{ctx.command_path} {' '.join(params['names'])}".strip(),
                       stamp=stamp)
    ctx.exit(code)


def _balance(params: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The records and hash of ``--balance-from`` (checked before anything is written)."""
    if params["balance_from"] is None:
        return {}, None
    if params["shard"] is None:
        raise click.UsageError("--balance-from goes with --shard")
    from rendering.shards import load_balance

    try:
        return load_balance(params["balance_from"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--balance-from'") from None


def _share(entries: list[Any], options: RenderOptions, shard: Any,
           balance: tuple[dict[str, Any], str | None]) -> tuple[list[Any], dict[str, Any]]:
    """This shard's entries (all of them without --shard) and the stamp its manifest records."""
    from rendering.shards import run_stamp, select_shard

    stamp = run_stamp(entries, options, shard, balance[1])
    return (entries if shard is None else select_shard(entries, options, shard, balance[0])), stamp


@cli.command("all")
@_render_options
@click.pass_context
def all_command(ctx: click.Context, **params: Any) -> None:
    """Render every scene and figure, or those named (names or globs)."""
    _render(ctx, "all", params)


@cli.command()
@_render_options
@click.pass_context
def scenes(ctx: click.Context, **params: Any) -> None:
    """Render the scenes, or those named (names or globs)."""
    _render(ctx, "scenes", params)


@cli.command()
@_render_options
@click.pass_context
def figures(ctx: click.Context, **params: Any) -> None:
    """Render the figures, or those named (names or globs)."""
    _render(ctx, "figures", params)


@cli.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=OutFolder(), required=True, help="The new (or empty) folder to merge into.")
@LESSON_OPTION
@click.pass_context
def merge(ctx: click.Context, folders: tuple[Path, ...], out: Path, lessons: tuple[Path, ...]) -> None:
    """Join the output folders of shards (--shard K/N) into one: their files, one manifest, one contact sheet."""
    from rendering.atomic_io import WriteFailed
    from rendering.merge import MergeRefused, merge_folders

    try:
        manifest = merge_folders(list(folders), out, catalogue=lambda: _catalogue(ctx, lessons),
                                 command=f"{ctx.command_path} {' '.join(map(str, folders))} --out {out}")
    except MergeRefused as exc:
        raise BadInput(str(exc)) from None
    except WriteFailed as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Merged {len(folders)} folder(s): {len(manifest.outputs)} outputs in {out}.")


@cli.command()
@click.argument("names", nargs=-1)
def templates(names: tuple[str, ...]) -> None:
    """List every template (or those named) with its parameters: type, default and meaning."""
    from lessons import TEMPLATES
    from lessons.templates import describe_parameters

    chosen = [t for t in TEMPLATES.values() if not names or t.name in names]
    unknown = sorted(set(names) - {t.name for t in chosen})
    if unknown:
        raise click.UsageError(f"no template is called {unknown[0]!r} (see `gradviz templates`)")
    for template in chosen:
        click.echo(f"{template.name} ({template.kind}): {template.summary}")
        rows = describe_parameters(template.params)
        width = max(len(name) for name, *_ in rows)
        kinds = max(len(kind) for _, kind, *_ in rows)
        for name, kind, default, meaning in rows:
            click.echo(f"  {name:<{width}}  {kind:<{kinds}}  {'= ' + default if default != 'required' else 'required':<12}"
                       f"  {meaning}")
        click.echo("")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def new(file: Path, force: bool) -> None:
    """Write a commented starter lesson to FILE; it renders as it is (`gradviz all --lesson FILE`)."""
    from lessons import STARTER
    from rendering.atomic_io import WriteFailed, write_bytes

    if file.exists() and not force:
        raise BadInput(f"{file} exists; pass --force to overwrite it")
    if not file.parent.is_dir():
        raise BadInput(f"{file.parent} is not a folder")
    try:
        write_bytes(file, STARTER.read_bytes())
    except (WriteFailed, OSError) as exc:
        raise click.ClickException(str(exc) if isinstance(exc, WriteFailed) else f"cannot write {file}: {exc}") from None
    click.echo(f"Wrote {file}. Render it with: gradviz all --lesson {file}")


if __name__ == "__main__":
    cli()
