"""etl-gen command line: parse arguments, call the pipeline, print.

Exit 0 ok, 2 refused, 1 bug, 3 regenerated with merge conflicts left to resolve.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import GenerationError, UserError

if TYPE_CHECKING:
    from .spec import Pipeline

# The heavy parts are imported where a command needs them, not here: `--help` loads nothing
# but argparse, `spec` and `explain` never load the renderer (Jinja, black, libcst, ruff), and
# only an LLM parse loads openai.

SUBCOMMANDS = ("spec", "generate", "check", "diff", "explain")
EXIT_CONFLICTS = 3
EXIT_CODES = (
    "exit codes: 0 ok, 1 internal error, 2 refused (nothing written), "
    "3 regenerated with merge conflicts (files listed; resolve the markers)"
)

EXAMPLE = (
    "Process clickstream events from Kafka topic 'user-events', enrich with user profiles from "
    "Redis cache, calculate session metrics, and store in ClickHouse in real-time."
)


def _add_parser_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("request", help="the pipeline, in one sentence")
    parser.add_argument(
        "--sample", type=Path, help="JSON-lines file to infer the input schema from"
    )
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument(
        "--llm",
        action="store_const",
        dest="mode",
        const="llm",
        help="use the LLM parser (OPENAI_BASE_URL / OPENAI_API_KEY)",
    )
    choice.add_argument(
        "--offline",
        action="store_const",
        dest="mode",
        const="offline",
        help="use the offline rule parser",
    )
    parser.add_argument("--no-cache", action="store_true", help="do not reuse cached LLM answers")
    parser.add_argument(
        "--allow-inferred",
        action="store_true",
        help="keep LLM names the request did not give, listed as assumptions",
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="offline parser: ignore words it did not understand (listed as assumptions) "
        "instead of refusing the request",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("ETL_GEN_DATABASE_URL"),
        help="offline parser, CDC: read the columns and primary keys of tables the request "
        "names without columns from this PostgreSQL or MySQL/MariaDB database, e.g. "
        "postgresql://user:pass@localhost:5432/shop (env ETL_GEN_DATABASE_URL)",
    )
    parser.set_defaults(mode="auto")


def _main_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="etl-gen",
        description="Generate a tested streaming processor bundle from a one-sentence request.",
        epilog=f'example:\n  etl-gen "{EXAMPLE}"\n\nsubcommands: etl-gen '
        f"{{spec,generate,check,diff,explain}} --help\n\n{EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    _add_parser_options(parser)
    parser.add_argument("--out", type=Path, help="bundle folder (default: generated/<name>)")
    _add_write_options(parser)
    return parser


class _Version(argparse.Action):
    """`--version`, reading the installed version only when asked (importlib.metadata is slow)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from . import __version__

        parser.exit(message=f"etl-gen {__version__}\n")


def _add_write_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty folder that holds no etl-gen bundle, replacing files "
        "with the bundle's names (others are left alone)",
    )
    parser.add_argument(
        "--git",
        action="store_true",
        help="commit the bundle on branch etl-gen/<name> of the enclosing git repository "
        "and print the commands that open the pull request",
    )
    parser.add_argument(
        "--formatter",
        choices=("ruff", "black"),
        default="ruff",
        help="what lays out the Python files as black does: `ruff format` (default; black "
        "itself takes over any file where ruff's layout would differ) or black throughout",
    )


def _sub_parser(command: str) -> argparse.ArgumentParser:
    if command == "spec":
        parser = argparse.ArgumentParser(
            prog="etl-gen spec",
            description="Print the spec a request parses to, or, given a spec.yaml (or seed "
            "JSON payload) file, the spec it loads to, validated and normalised; writes nothing.",
        )
        _add_parser_options(parser)
        parser.add_argument("--json", action="store_true", help="print JSON instead of YAML")
    elif command == "explain":
        parser = argparse.ArgumentParser(
            prog="etl-gen explain",
            description="Show how the offline parser reads a request: each clause's words, "
            "component and values, then the defaults and assumptions; writes nothing.",
        )
        _add_parser_options(parser)
        parser.set_defaults(mode="offline", lenient=True)  # shows ignored words, refuses nothing
    elif command == "generate":
        parser = argparse.ArgumentParser(
            prog="etl-gen generate",
            description="Render a bundle from a spec file (YAML/JSON) or the seed's API payload. "
            "DIR/spec.yaml without --out regenerates the bundle DIR in place: files you did "
            "not edit are replaced, edited ones are merged three ways with the new render "
            "(conflicts leave markers and exit 3), files no longer generated are removed, "
            "files etl-gen never wrote are left alone.",
            epilog=EXIT_CODES,
        )
        parser.add_argument("spec", type=Path, help="spec.yaml, spec.json or a payload .json")
        parser.add_argument(
            "--out",
            type=Path,
            help="bundle folder (default: the spec's folder for a spec.yaml, else "
            "generated/<name>)",
        )
        _add_write_options(parser)
    elif command == "diff":
        parser = argparse.ArgumentParser(
            prog="etl-gen diff",
            description="Show, as a unified diff, what regenerating DIR from DIR/spec.yaml "
            "would change (hand edits merged as `generate` would); writes nothing.",
        )
        parser.add_argument("dir", type=Path, help="a bundle folder")
    else:
        parser = argparse.ArgumentParser(
            prog="etl-gen check",
            description="Re-render every <root>/*/spec.yaml and fail with a diff on any drift.",
        )
        parser.add_argument("--root", type=Path, default=Path("generated"))
    return parser


def _read_spec_or_payload(path: Path) -> Pipeline:
    from .parse.seed_config import spec_from_payload
    from .spec import load_spec

    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise UserError(f"cannot read {path}: {error.strerror}") from None
        except json.JSONDecodeError as error:
            raise UserError(f"{path} is not valid JSON: {error}") from None
        if isinstance(data, dict) and "pipeline_name" in data:
            return spec_from_payload(data)
    return load_spec(path)


def _names_spec_file(request: str) -> bool:
    """`etl-gen spec FILE`: a spec.yaml (or seed JSON payload) path, not a sentence."""
    path = Path(request)
    if path.suffix not in {".yaml", ".yml", ".json"} or any(c.isspace() for c in request):
        return False
    if not path.is_file():
        raise UserError(f"cannot read {request}: no such file")
    return True


def _emit(
    spec: Pipeline, target: Path, args: argparse.Namespace, source: Path | None, subject: str
) -> int:
    from .gitops import GitTarget, commit_bundle, prepare_git, switch_branch
    from .render import plan_write, render_bundle, write_bundle

    bundle = render_bundle(spec, formatter=args.formatter)
    git: GitTarget | None = None
    if args.git:
        git = prepare_git(target, spec.name)
        plan_write(bundle, target, force=args.force, source=source)  # refuse before switching
        switch_branch(git)
    plan = write_bundle(bundle, target, force=args.force, source=source)
    verbs = {
        "create": "created",
        "update": "updated",
        "merge": "merged with your edit",
        "conflict": "CONFLICT (markers left)",
        "remove": "removed (no longer generated)",
        "kept": "kept: no longer generated but edited by hand, delete it yourself",
    }
    changed = [c for c in plan.changes if c.action != "unchanged"]
    print(
        f"wrote {target}/ for pipeline {spec.name!r}: {len(changed)} changed, "
        f"{len(plan.changes) - len(changed)} unchanged"
    )
    for change in changed:
        print(f"  {change.path}: {verbs[change.action]}")
    if plan.conflicts:
        print(
            f"etl-gen: {len(plan.conflicts)} file(s) need your attention: "
            f"{', '.join(plan.conflicts)}; resolve the conflict markers, then run "
            f"`etl-gen diff {target}` to check",
            file=sys.stderr,
        )
        if git is not None:
            print("etl-gen: nothing committed while conflicts remain", file=sys.stderr)
        return EXIT_CONFLICTS
    if git is not None:
        commit_bundle(git, subject, bundle.files.get("README.md", ""))
        return 0
    print(
        f"next: review {target}/README.md, then: cd {target} && pip install '.[test]' && pytest "
        f"&& python {spec.name}.py --help"
    )
    return 0


def _generate_target(spec_path: Path, spec: Pipeline, out: Path | None) -> Path:
    """--out, else the folder of a bundle's spec.yaml (regenerate in place), else generated/."""
    if out is not None:
        return out
    if spec_path.name == "spec.yaml":
        return spec_path.parent
    return Path("generated") / spec.name


def _diff(folder: Path) -> int:
    from .render import plan_diff, plan_write, render_bundle
    from .render.regenerate import MANIFEST
    from .spec import load_spec

    spec_path = folder / "spec.yaml"
    if not spec_path.is_file():
        raise UserError(f"{folder}/ holds no spec.yaml: not a bundle")
    legacy = not (folder / MANIFEST).is_file()
    if legacy:
        print(
            f"etl-gen: {folder}/ has no {MANIFEST} (not written by this etl-gen, or by an older "
            "one): regenerating it needs --force and replaces the files shown",
            file=sys.stderr,
        )
    plan = plan_write(render_bundle(load_spec(spec_path)), folder, force=legacy, source=spec_path)
    text = plan_diff(plan)
    print(text, end="")
    if not text:
        print(f"{folder}/ is up to date with its spec.yaml", file=sys.stderr)
    if plan.conflicts:
        print(f"etl-gen: would conflict: {', '.join(plan.conflicts)}", file=sys.stderr)
    return 0


def run(argv: Sequence[str]) -> int:
    if argv and argv[0] in SUBCOMMANDS:
        command, args = argv[0], _sub_parser(argv[0]).parse_args(argv[1:])
    else:
        command, args = "request", _main_parser().parse_args(argv)
    if command == "check":
        from .render import check_tree

        problems = check_tree(args.root)
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            print(f"{args.root}/ is in sync with its specs and templates")
        return 1 if problems else 0
    if command == "diff":
        return _diff(args.dir)
    if command == "generate":
        spec = _read_spec_or_payload(args.spec)
        target = _generate_target(args.spec, spec, args.out)
        subject = spec.description or f"etl-gen: {spec.name}"
        return _emit(spec, target, args, args.spec, subject)
    if command == "spec" and _names_spec_file(args.request):
        from .spec import dump_json, dump_yaml

        spec = _read_spec_or_payload(Path(args.request))
        print(dump_json(spec) if args.json else dump_yaml(spec), end="")
        return 0
    from .parse import understand

    understood = understand(
        args.request,
        sample=args.sample,
        mode=args.mode,
        use_cache=not args.no_cache,
        allow_inferred=args.allow_inferred,
        lenient=args.lenient,
        database_url=args.database_url,
    )
    for note in understood.notes:
        print(f"note: {note}", file=sys.stderr)
    if command == "explain":
        from .parse.rules.reading import format_reading

        spec = understood.spec
        rows = [(r.words, r.component, r.values) for r in spec.reading]
        print(format_reading(rows, spec.assumptions), end="")
        return 0
    if command == "spec":
        from .spec import dump_json, dump_yaml

        print(dump_json(understood.spec) if args.json else dump_yaml(understood.spec), end="")
        return 0
    target = args.out or Path("generated") / understood.spec.name
    return _emit(understood.spec, target, args, None, args.request)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; `argv` None: this process's own arguments, as the `etl-gen` script."""
    # One run builds a few hundred thousand objects that live until it ends (the spec models'
    # validators, the parser's patterns, syntax trees of the generated files) and little
    # cyclic garbage: the garbage collector's passes over them were ~20% of a generation's
    # CPU, and without them the peak memory measured the same (docs/performance-history.md).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return run(list(sys.argv[1:] if argv is None else argv))
    except UserError as error:
        print(f"etl-gen: error: {error}", file=sys.stderr)
        return 2
    except GenerationError as error:
        print(f"etl-gen: internal error (nothing was written): {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        if argv is None:
            # The process ends next: frozen, its objects are spared the collector's pass over
            # them all as the interpreter exits (~40 ms).
            gc.freeze()
        elif collecting:
            gc.enable()  # a caller running commands in-process keeps its collector


if __name__ == "__main__":
    sys.exit(main())
