"""etl-gen command line: parse arguments, call the pipeline, print. Exit 0 ok, 2 refused, 1 bug."""

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import GenerationError, UserError
from .parse import understand
from .parse.rules.reading import format_reading
from .parse.seed_config import spec_from_payload
from .render import check_tree, render_bundle, write_bundle
from .spec import Pipeline, dump_json, dump_yaml, load_spec

SUBCOMMANDS = ("spec", "generate", "check", "explain")

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
    parser.set_defaults(mode="auto")


def _main_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="etl-gen",
        description="Generate a tested streaming processor bundle from a one-sentence request.",
        epilog=f'example:\n  etl-gen "{EXAMPLE}"\n\nsubcommands: etl-gen {{spec,generate,check,explain}} --help',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"etl-gen {__version__}")
    _add_parser_options(parser)
    parser.add_argument("--out", type=Path, help="bundle folder (default: generated/<name>)")
    return parser


def _sub_parser(command: str) -> argparse.ArgumentParser:
    if command == "spec":
        parser = argparse.ArgumentParser(
            prog="etl-gen spec", description="Print the spec a request parses to; writes nothing."
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
            description="Render a bundle from a spec file (YAML/JSON) or the seed's API payload.",
        )
        parser.add_argument("spec", type=Path, help="spec.yaml, spec.json or a payload .json")
        parser.add_argument("--out", type=Path, help="bundle folder (default: generated/<name>)")
    else:
        parser = argparse.ArgumentParser(
            prog="etl-gen check",
            description="Re-render every <root>/*/spec.yaml and fail with a diff on any drift.",
        )
        parser.add_argument("--root", type=Path, default=Path("generated"))
    return parser


def _read_spec_or_payload(path: Path) -> Pipeline:
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


def _emit(spec: Pipeline, out: Path | None) -> int:
    bundle = render_bundle(spec)
    target = out or Path("generated") / spec.name
    written = write_bundle(bundle, target)
    print(f"wrote {len(written)} files to {target}/ for pipeline {spec.name!r}:")
    for name in written:
        print(f"  {name}")
    print(f"next: review {target}/README.md, then run: python {target}/{spec.name}.py --help")
    return 0


def run(argv: Sequence[str]) -> int:
    if argv and argv[0] in SUBCOMMANDS:
        command, args = argv[0], _sub_parser(argv[0]).parse_args(argv[1:])
    else:
        command, args = "request", _main_parser().parse_args(argv)
    if command == "check":
        problems = check_tree(args.root)
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            print(f"{args.root}/ is in sync with its specs and templates")
        return 1 if problems else 0
    if command == "generate":
        return _emit(_read_spec_or_payload(args.spec), args.out)
    understood = understand(
        args.request,
        sample=args.sample,
        mode=args.mode,
        use_cache=not args.no_cache,
        allow_inferred=args.allow_inferred,
        lenient=args.lenient,
    )
    for note in understood.notes:
        print(f"note: {note}", file=sys.stderr)
    if command == "explain":
        spec = understood.spec
        rows = [(r.words, r.component, r.values) for r in spec.reading]
        print(format_reading(rows, spec.assumptions), end="")
        return 0
    if command == "spec":
        print(dump_json(understood.spec) if args.json else dump_yaml(understood.spec), end="")
        return 0
    return _emit(understood.spec, args.out)


def main(argv: Sequence[str] | None = None) -> int:
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


if __name__ == "__main__":
    sys.exit(main())
