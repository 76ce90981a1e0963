"""`timeline validate`, `convert` and `sources`: the data contract from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from timeline.actors import load_registry
from timeline.engines import urls
from timeline.engines.convert import BATCH_ROWS, convert
from timeline.load import Dataset, load
from timeline.read import DataFileError
from timeline.sources import command as sources

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="timeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check events files against the data contract")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    convert = commands.add_parser(
        "convert",
        help="validate an events file in batches and write it for the engines",
        description="OUT.parquet writes OUT.parquet (events sorted by start), OUT.pairs.parquet "
        "and OUT.actors.parquet; a database URL (postgresql://..., duckdb:///path.duckdb) "
        "replaces the tables events, event_actors and actors there.",
    )
    convert.add_argument("source", type=Path, metavar="IN")
    convert.add_argument("target", metavar="OUT", help="a .parquet path or a database URL")
    convert.add_argument("--registry", type=Path, help="actor registry (default: the bundled one)")
    convert.add_argument(
        "--batch-rows", type=int, default=BATCH_ROWS, help="rows validated at a time"
    )
    cited = commands.add_parser("sources", help="rate each event's sources against the policy")
    cited.add_argument("source", type=Path, metavar="FILE")
    cited.add_argument("--strict", action="store_true", help="exit 1 when a policy rule fails")
    cited.add_argument("--check-links", action="store_true", help="fetch every cited URL")
    cited.add_argument("--registry", type=Path, help="source registry (default data/sources.csv)")
    cited.add_argument("--timeout", type=float, help="seconds per link request (default 15)")
    arguments = parser.parse_args(argv)
    if arguments.command == "sources":
        return sources.run(
            arguments.source,
            strict=arguments.strict,
            check=arguments.check_links,
            registry_path=arguments.registry,
            timeout=arguments.timeout,
        )
    if arguments.command == "validate":
        return max(_validate(path, strict=arguments.strict) for path in arguments.paths)
    return _convert(arguments.source, arguments.target, arguments.registry, arguments.batch_rows)


def _validate(path: Path, *, strict: bool) -> int:
    dataset = _load(path)
    if dataset is None:
        return EXIT_UNREADABLE
    _print_report(dataset, sources.summary_line(dataset, str(path)))
    report = dataset.report
    # A bad link is an error that leaves its row loaded (the link is dropped): still a failure.
    if report.rows_rejected or len(report.errors) or (strict and len(report.problems)):
        return EXIT_REJECTED
    return EXIT_OK


def _convert(source: Path, target: str, registry: Path | None, batch_rows: int) -> int:
    """Validate in batches and write the engine layout; rejected rows stay in the report only."""
    shown = urls.mask(target)
    if not urls.is_url(target) and not target.endswith(".parquet"):
        print(f"{shown}: OUT must end in .parquet or be a database URL", file=sys.stderr)
        return EXIT_UNREADABLE
    name = str(source)
    if not source.is_file():
        print(f"{name}: cannot be read (no such file)", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        actors = load_registry(registry) if registry is not None else None
        done = convert(
            source, target, registry=actors, report=_print_problems(name),
            batch_rows=batch_rows, name=name,
        )  # fmt: skip
    except DataFileError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as error:
        print(f"{shown}: cannot be written ({error.strerror or error})", file=sys.stderr)
        return EXIT_UNREADABLE
    except Exception as error:  # a driver's message may quote the URL: masked, never a traceback
        print(f"{shown}: cannot be written ({type(error).__name__}: {urls.mask(error)})")
        return EXIT_UNREADABLE
    for notice in done.notices:
        print(notice)
    print(f"{name}: {done.summary()}")
    print(f"{shown}: wrote {done.rows_loaded} events")
    # A bad link is an error that leaves its row loaded (the link is dropped): still a failure.
    return EXIT_REJECTED if done.rows_rejected or done.errors else EXIT_OK


def _print_problems(name: str):
    def report(problems) -> None:
        for problem in problems.itertuples(index=False):
            column = f" {problem.column}:" if problem.column else ""
            print(f"{name}:{problem.row}:{column} {problem.message} ({problem.severity})")

    return report


def _load(path: Path) -> Dataset | None:
    try:
        return load(path, name=str(path))
    except DataFileError as error:
        print(error, file=sys.stderr)
    except Exception as error:  # the contract is a message naming the file, never a traceback
        print(f"{path}: cannot be read ({type(error).__name__}: {error})", file=sys.stderr)
    return None


def _print_report(dataset: Dataset, *extra: str) -> None:
    """Notices, one line per problem, any `extra` lines, then the summary line last."""
    report = dataset.report
    for notice in report.notices:
        print(notice)
    for problem in report.problems.itertuples(index=False):
        column = f" {problem.column}:" if problem.column else ""
        print(f"{report.name}:{problem.row}:{column} {problem.message} ({problem.severity})")
    for line in extra:
        print(line)
    print(f"{report.name}: {report.summary()}")


if __name__ == "__main__":
    raise SystemExit(main())
