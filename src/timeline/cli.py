"""`timeline validate`, `convert` and `sources`: the data contract from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from timeline import schema
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
        "convert", help="validate a CSV/XLSX file and write it as Parquet"
    )
    convert.add_argument("source", type=Path, metavar="IN")
    convert.add_argument("target", type=Path, metavar="OUT")
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
    return _convert(arguments.source, arguments.target)


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


def _convert(source: Path, target: Path) -> int:
    """Write the loaded rows in the contract's columns; rejected rows stay in the report only."""
    dataset = _load(source)
    if dataset is None:
        return EXIT_UNREADABLE
    _print_report(dataset)
    columns = [*schema.COLUMNS]
    table = dataset.events[columns].astype(
        {schema.EVENT_TYPE: "str", schema.STATUS: "str", schema.THEATRE: "str"}
    )
    try:
        table.to_parquet(target, index=False)
    except OSError as error:
        print(f"{target}: cannot be written ({error.strerror or error})", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"{target}: wrote {len(table)} events")
    report = dataset.report
    return EXIT_REJECTED if report.rows_rejected or len(report.errors) else EXIT_OK


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
