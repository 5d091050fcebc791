"""The command line: a thin shell over the library. Exit codes (errors.py):
0 ok, 1 SHACL violations, 2 bad input or usage, 3 internal error, 4 server failure."""

from __future__ import annotations

import atexit
import gc
import json
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    AglodError,
    InputError,
    Terminated,
    disk_failure,
)
from .rdf.namespaces import DEFAULT_BASE
from .redaction import redact
from .version import __version__

F = TypeVar("F", bound=Callable[..., Any])


def _printable(text: str) -> str:
    """A file name or address for a one-line message: control characters escaped."""
    return text if text.isprintable() else repr(text)[1:-1]


def follow_symlinks_option(fn: F) -> F:
    """The ``--follow-symlinks`` option of the commands that read releases."""
    return click.option(
        "--follow-symlinks",
        is_flag=True,
        help="Read files that symbolic links lead to outside their input folder, and "
        "files named as links (never /proc, /sys, /dev, pipes or devices).",
    )(fn)


def _say(ctx: click.Context, message: str) -> None:
    """Progress and notes on stderr, unless --quiet."""
    if not ctx.find_root().params.get("quiet"):
        click.echo(message, err=True)


def handle_errors(fn: F) -> F:
    """Domain errors become a one-line message and their exit code; anything else is
    an internal error (exit 3), with a traceback only when AGLOD_DEBUG is set. No
    credential shows in either (``redaction.redact``)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
        try:
            return fn(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: the work stops, cleaned up
            stop = signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT
            click.echo(f"aglod: stopped by {stop.name}", err=True)
            sys.exit(128 + stop)
        except BrokenPipeError:  # the reader went away (`aglod extract | head`): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except AglodError as exc:
            click.echo(redact(f"aglod: error: {exc}"), err=True)
            sys.exit(exc.exit_code)
        except Exception as exc:
            failure = disk_failure(exc)  # a full disk: the machine's problem, exit 2
            if failure is not None:
                click.echo(f"aglod: error: {redact(str(failure))}", err=True)
                sys.exit(failure.exit_code)
            if os.environ.get("AGLOD_DEBUG"):
                click.echo(redact(traceback.format_exc()), err=True, nl=False)
            click.echo(
                redact(f"aglod: internal error: {type(exc).__name__}: {exc} ")
                + "(set AGLOD_DEBUG=1 for a traceback)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    return wrapper  # type: ignore[return-value]


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM's handler: stop as Ctrl-C does (``errors.Terminated``)."""
    raise Terminated


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aglod")
@click.option("-q", "--quiet", is_flag=True, help="No progress or notes on stderr.")
def main(quiet: bool) -> None:
    """aglod: a linked-data knowledge graph of U.S. state Attorneys General press releases.

    Exit codes: 0 ok (warnings allowed), 1 SHACL violations, 2 bad input or usage,
    3 internal error, 4 a SPARQL server failed a request.
    """
    # The interpreter's last collection at exit walks every object still alive (a
    # quarter of a second after a build of 10,000 releases); the process is ending and
    # the system frees its memory, so what is alive then is frozen out of its sight.
    atexit.register(gc.freeze)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write the dataset to.",
)
@click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    help="Instance IRI base for minted IRIs (must end with / or #).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON on stdout.")
@click.option("--fail-on-warning", is_flag=True, help="Exit 1 on SHACL warnings too.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per core).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild every release, ignoring the work cached in OUT/.cache by earlier builds.",
)
@click.option(
    "--on-error",
    type=click.Choice(["skip", "fail"]),
    default="skip",
    show_default=True,
    help="What a release that cannot be read does: skip it (build the others, list it "
    "in OUT/rejected.txt, exit 2), or fail (stop at once, exit 2, OUT left as it was).",
)
@follow_symlinks_option
@click.pass_context
@handle_errors
def build(
    ctx: click.Context,
    paths: tuple[Path, ...],
    out: Path,
    base: str,
    as_json: bool,
    fail_on_warning: bool,
    jobs: int | None,
    force: bool,
    on_error: str,
    follow_symlinks: bool,
) -> None:
    """Build the knowledge graph of PATHS into --out.

    PATHS are plain-text releases (.txt), saved office pages (.html, .htm, .asp),
    JSON Lines feeds (.jsonl, one release per line: "text" or "html", optional
    "url", "date", "office", "title"; "-" reads a feed from standard input), or
    folders of them. Without PATHS, builds the bundled releases. Writes aglod.ttl (asserted triples),
    aglod.jsonld, aglod.trig and aglod.nq.gz (gzipped N-Quads; one named graph per
    release, with provenance), aglod-inferred.ttl (OWL RL), void.ttl, validation.txt/.json and
    build.json. Releases that cannot be read (empty, binary, over 5 MiB, no article,
    a broken feed line…) are reported, one line each, and listed in rejected.json and
    rejected.txt; the rest are built (--on-error fail: the first one stops the build).
    Files are renamed into place together once complete; one build at a time writes
    OUT. Exit 0 ok, 1 violations, 2 rejects or bad input, 3 internal error.
    """
    from .pipeline.build import build as run_build
    from .pipeline.build import check_base

    check_base(base)
    result = run_build(
        list(paths) or None,
        out,
        base=base,
        jobs=jobs,
        force=force,
        on_error=on_error,
        follow_symlinks=follow_symlinks,
    )
    summary = result.summary()
    for reject in result.rejected:
        click.echo(f"aglod: rejected {_printable(reject.source)}: {reject.reason}", err=True)
    if result.rejected:
        _say(ctx, f"aglod: the rejects are listed in {out / 'rejected.txt'}")
    if as_json:
        run = {
            **summary,
            "reused": result.reused,
            "copied_bytes": result.copied_bytes,
            "unread": result.unread,
        }
        run["stages"] = {k: round(v, 3) for k, v in result.stages.items()}
        click.echo(json.dumps(run, indent=2, sort_keys=True))
    _say(
        ctx,
        f"read {summary['read']}, built {summary['built']}, rejected {summary['rejected']}; "
        f"{summary['triples']} triples (+{summary['inferred_triples']} inferred); "
        f"{result.report.summary()}; wrote {out}/",
    )
    if result.failed:
        sys.exit(EXIT_INTERNAL)
    if not result.report.conforms or (fail_on_warning and result.report.warnings):
        sys.exit(EXIT_INVALID)
    if result.rejected or not result.built:
        if not result.built:
            click.echo("aglod: error: no release could be built", err=True)
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_OK)


@main.command()
@click.argument(
    "path", required=False, type=click.Path(path_type=Path), default=Path("output/aglod.ttl")
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--limit", type=int, default=None, help="List at most this many results.")
@click.option("--fail-on-warning", is_flag=True, help="Exit 1 on warnings too.")
@click.pass_context
@handle_errors
def validate(
    ctx: click.Context, path: Path, fmt: str, limit: int | None, fail_on_warning: bool
) -> None:
    """Validate an aglod RDF file (default output/aglod.ttl) against the bundled shapes.

    Prints one line per result ("[SEVERITY] focus path: message") and a summary
    (counts per shape, focus nodes checked). Exit 0: conforms (warnings allowed);
    1: violations; 2: bad input or usage.
    """
    from .serialization.formats import load_rdf
    from .validation.shacl import validate_graph

    report = validate_graph(load_rdf(path))
    if fmt == "json":
        click.echo(report.to_json(), nl=False)
    else:
        click.echo(report.to_text(limit), nl=False)
    if not report.conforms or (fail_on_warning and report.warnings):
        sys.exit(EXIT_INVALID)


def _facts_of(
    paths: tuple[Path, ...], follow_symlinks: bool = False
) -> tuple[list[dict[str, Any]], list[Any]]:
    from .pipeline.build import assemble, default_inputs
    from .rdf.readback import release_facts
    from .sources.reading import read_releases
    from .validation.shacl import with_context

    names = None
    files = list(paths)
    if not files:
        files, names = default_inputs()
    b = assemble(read_releases(files, source_names=names, follow_symlinks=follow_symlinks))
    facts = []
    for r in b.releases:
        facts.extend(release_facts(with_context(r.graph, b.reference)))
    return sorted(facts, key=lambda f: f["source"]), b.rejected


# the columns of `aglod eval --by-office`: (header, field of Scores.table())
_OFFICE_COLUMNS = (
    ("title", "title"),
    ("date", "date"),
    ("office", "office"),
    ("issuer", "issuer"),
    ("partic", "participants"),
    ("leads", "leads"),
    ("people", "people"),
    ("type", "action_type"),
    ("role", "action_role"),
    ("cparty", "counterparties"),
)


def _office_table(offices: dict[str, Any]) -> None:
    """One line per office: its releases and its main figures."""
    click.echo("\n" + f"{'office':<8}{'n':>4}" + "".join(f"{h:>8}" for h, _ in _OFFICE_COLUMNS))
    for office, scores in offices.items():
        values = {name: value for name, _m, value, _p, _r in scores.table()}
        cells = "".join(f"{values[f]:8.3f}" for _h, f in _OFFICE_COLUMNS)
        click.echo(f"{office:<8}{scores.releases:>4}{cells}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the facts as JSON.")
@follow_symlinks_option
@handle_errors
def extract(paths: tuple[Path, ...], as_json: bool, follow_symlinks: bool) -> None:
    """Print each release's facts in the gold-annotation format, read back from the
    graph (so they show what the graph says). Without PATHS: the bundled releases."""
    facts, rejected = _facts_of(paths, follow_symlinks)
    for r in rejected:
        click.echo(f"aglod: rejected {_printable(r.source)}: {r.reason}", err=True)
    if as_json:
        click.echo(json.dumps(facts, indent=2, ensure_ascii=False))
    else:
        for f in facts:
            rel = f["release"]
            click.echo(
                f"{_printable(f['source'])}\n  {rel['date'] or 'undated'} {rel['office'] or '??'} "
                f"{rel['issuer'] or '(no issuer)'}: {rel['title']}"
            )
            for a in f["actions"]:
                count = f" of {a['stated_count']}" if a["stated_count"] else ""
                click.echo(
                    f"  - {a['type']} ({a['role']}{count}) {a['date'] or ''} "
                    f"participants {' '.join(a['participants'])}"
                    f"{' led by ' + ' '.join(a['leads']) if a['leads'] else ''}"
                    f"{' against ' + '; '.join(a['counterparties']) if a['counterparties'] else ''}"
                )
    if rejected:
        sys.exit(EXIT_BAD_INPUT)


@main.command(name="eval")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of gold annotations (*.json). Default: the bundled gold.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--by-office", is_flag=True, help="Also score the releases of each office apart.")
@click.option(
    "--confusion", is_flag=True, help="Also show how gold action types and roles were read."
)
@click.option("-v", "--verbose", is_flag=True, help="Show, per release, what was missed or extra.")
@follow_symlinks_option
@handle_errors
def evaluate(
    paths: tuple[Path, ...],
    gold_dir: Path | None,
    as_json: bool,
    by_office: bool,
    confusion: bool,
    verbose: bool,
    follow_symlinks: bool,
) -> None:
    """Score extraction against gold annotations: precision / recall / F1 per field.

    Builds the graph of PATHS (default: the bundled releases), reads each release's
    facts back through SPARQL, and compares them with the gold files whose "file" is
    the release's file name. A release that could not be read is scored as missed.
    No release with gold to score is an error (exit 2).
    """
    from .evaluation.scoring import load_gold, score, score_by_office
    from .resources import bundled_root

    gold_folder = gold_dir or bundled_root() / "corpus" / "gold"
    if not gold_folder.is_dir():
        raise InputError(str(gold_folder), "no such gold folder")
    gold = load_gold(gold_folder)
    if not gold:
        raise InputError(str(gold_folder), "holds no gold annotation (*.json)")
    facts, rejected = _facts_of(paths, follow_symlinks)
    predicted = {f["file"]: f for f in facts}
    if paths:  # the gold of the releases given, read or not
        given = set(predicted) | {Path(r.source).name for r in rejected}
        gold = {k: v for k, v in gold.items() if k in given}
    if not gold:
        raise InputError(
            str(gold_folder), "holds no gold annotation for any release given: nothing to score"
        )
    for r in rejected:
        click.echo(f"aglod: rejected {r.source}: {r.reason} (scored as missed)", err=True)
    scores = score(gold, predicted)
    offices = score_by_office(gold, predicted) if by_office else {}
    if as_json:
        doc = scores.to_json()
        if by_office:
            doc["offices"] = {office: o.to_json() for office, o in offices.items()}
        if verbose:
            doc["details"] = scores.details
        click.echo(json.dumps(doc, indent=2, sort_keys=True))
        return
    click.echo(f"{'field':<16}{'measure':<10}{'value':>7}{'P':>8}{'R':>8}")
    for name, measure, value, p, r in scores.table():
        pr = f"{p:8.3f}{r:8.3f}" if p is not None and r is not None else ""
        click.echo(f"{name:<16}{measure:<10}{value:7.3f}{pr}")
    click.echo(f"({scores.releases} releases)")
    if by_office:
        _office_table(offices)
    if confusion:
        for name, pairs in scores.confusion.items():
            click.echo(f"\naction {name}: gold -> read (count)")
            for (wanted, read), count in sorted(pairs.items()):
                flag = "" if wanted == read else "  *"
                click.echo(f"  {wanted:<16}-> {read:<16}{count:>5}{flag}")
    if verbose:
        for file, notes in scores.details.items():
            if notes:
                click.echo(f"\n{file}")
                for n in notes:
                    click.echo(f"  {n}")


@main.command()
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the embedded Oxigraph store (created if missing).",
)
@click.option(
    "--endpoint",
    default=None,
    help="Base URL of a SPARQL 1.1 server (Graph Store Protocol at URL/store, "
    "queries at URL/query unless --gsp-url / --query-url say otherwise).",
)
@click.option("--gsp-url", default=None, help="The server's Graph Store Protocol URL.")
@click.option("--query-url", default=None, help="The server's SPARQL query URL.")
@click.option(
    "--batch-bytes",
    type=int,
    default=8 * 1024 * 1024,
    show_default=True,
    help="Largest request body; a larger graph is sent in several requests.",
)
@click.option(
    "--from",
    "build_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="The build folder to load.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Seconds one attempt of a request may take in all, from connecting to the "
    "answer's last byte.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=10),
    default=3,
    show_default=True,
    help="Retries of a PUT, GET or DELETE that failed (backoff 0.5 s, doubling); "
    "a POST is never retried.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1, max=64),
    default=1,
    show_default=True,
    help="Oxigraph bulk loads run at once into --store (one per core is fastest on "
    "builds of up to ~10,000 releases; each takes ~1.5 GB of memory).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the load summary as JSON.")
@click.pass_context
@handle_errors
def load(
    ctx: click.Context,
    store_dir: Path | None,
    endpoint: str | None,
    gsp_url: str | None,
    query_url: str | None,
    batch_bytes: int,
    build_dir: Path,
    timeout: float,
    retries: int,
    jobs: int,
    as_json: bool,
) -> None:
    """Load a build into the embedded store (--store) or a SPARQL server (--endpoint):
    one named graph per release (replacing the graph of the same name), what releases
    share, the reference data, the provenance, the vocabulary and the inferred triples
    in graphs of their own, each triple in one graph; release graphs no longer in the
    build are dropped. Loading the same build twice gives the same content. Server
    credentials come only from the environment: AGLOD_ENDPOINT_TOKEN, or
    AGLOD_ENDPOINT_USER and AGLOD_ENDPOINT_PASSWORD (HTTP Basic; HTTP Digest with
    AGLOD_ENDPOINT_AUTH=digest).
    One load at a time writes a store, and none while `aglod serve` serves it (exit 2).
    Exit 4 when the server fails a request after the retries: the graphs not loaded
    are named, and a rerun converges to the same content."""
    if (store_dir is None) == (endpoint is None):
        raise click.UsageError("give one of --store DIR or --endpoint URL")
    if store_dir is not None:
        from .store.embedded import load_build

        summary: dict[str, object] = dict(load_build(store_dir, build_dir, jobs=jobs))
        target = f"{store_dir}/"
    else:
        from .pipeline.locks import reading_build
        from .store.remote import Endpoint, EndpointError, load_endpoint

        assert endpoint is not None
        server = Endpoint(endpoint, gsp_url, query_url, timeout_s=timeout, retries=retries)
        with reading_build(build_dir):  # no build rewrites it meanwhile
            report = load_endpoint(server, build_dir, batch_bytes=batch_bytes)
        summary = report.to_json()
        summary["graphs_loaded"] = len(report.loaded)
        summary["graphs_dropped"] = len(report.dropped)
        target = redact(endpoint)
        for name, why in report.failed.items():
            click.echo(redact(f"aglod: not loaded: {name}: {why}"), err=True)
        if report.failed:
            _say(ctx, f"aglod: {len(report.loaded)} of {len(report.loaded) + len(report.failed)} "
                      "graphs loaded; run the same load again to finish")  # fmt: skip
        if report.failed:
            if as_json:
                click.echo(redact(json.dumps(summary, indent=2, sort_keys=True)))
            raise EndpointError(f"{len(report.failed)} graphs not loaded into {endpoint}")
    if as_json:
        click.echo(redact(json.dumps(summary, indent=2, sort_keys=True)))
    _say(
        ctx,
        f"loaded {summary['graphs_loaded']} graphs, dropped {summary['graphs_dropped']} "
        f"into {target}",
    )


@main.command()
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The embedded store to serve (filled by `aglod load`).",
)
@click.option(
    "--bind",
    default="127.0.0.1:7878",
    show_default=True,
    help="Host and port; 127.0.0.1 serves this machine only.",
)
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds a query may run before it is stopped (answered 503).",
)
@click.option(
    "--query-memory",
    type=click.IntRange(min=64),
    default=1024,
    show_default=True,
    help="MiB of memory a query's worker may use before the query is stopped.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Rows (or triples) in an answer at most; more are cut (header X-SPARQL-MaxRows).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=64),
    default=4,
    show_default=True,
    help="Queries that run at once, each in a worker process of its own.",
)
@click.pass_context
@handle_errors
def serve(
    ctx: click.Context,
    store_dir: Path,
    bind: str,
    query_timeout: float,
    query_memory: int,
    max_rows: int,
    workers: int,
) -> None:
    """Serve the store as a read-only SPARQL endpoint: queries at http://BIND/query
    (SPARQL 1.1 Protocol, GET or POST) run on the default graph, the union of all
    graphs with each triple once (GRAPH ?g reaches each release's graph). Nothing
    writes (no update, no LOAD: /update answers 403) and nothing is fetched (every
    query is parsed before it runs, and one with SERVICE is refused). Each query runs
    in a worker process, stopped when it overruns --query-timeout or --query-memory
    or its client leaves. Binds to 127.0.0.1 (this machine only) unless --bind says
    otherwise. While it runs, `aglod load` does not rewrite the store. Stop it with
    Ctrl-C."""
    from .store.server import Limits, is_loopback, parse_bind
    from .store.server import serve as run_server

    host, _port = parse_bind(bind)
    if not is_loopback(host):
        _say(ctx, f"aglod: note: serving on {host}, reachable from other machines")
    quiet = bool(ctx.find_root().params.get("quiet"))
    limits = Limits(query_timeout, query_memory * 1024 * 1024, max_rows, workers)
    run_server(
        store_dir,
        bind,
        limits=limits,
        quiet=quiet,
        ready=lambda url: _say(ctx, f"serving {url}"),
        note=lambda text: _say(ctx, f"aglod: {text}"),
    )


@main.command()
@click.argument("query")
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Query the embedded store in this folder.",
)
@click.option(
    "--data",
    "data",
    type=click.Path(dir_okay=False, path_type=Path),
    multiple=True,
    help="RDF files to query (default: output/aglod.ttl and output/aglod-inferred.ttl).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="json: SPARQL 1.1 query results JSON.",
)
@handle_errors
def query(query: str, store_dir: Path | None, data: tuple[Path, ...], fmt: str) -> None:
    """Run a SPARQL query: QUERY is the query text, @FILE.rq, or the name of a saved
    query (queries/*.rq; `aglod query list` lists them). The query sees the union of
    all graphs (release graphs, reference data, provenance, vocabulary, inferred
    triples); use GRAPH ?g to tell them apart."""
    from .store.queries import memory_store, resolve, run, saved_queries, store_to_query

    if query == "list":
        for name, path in saved_queries().items():
            first = next(
                (
                    ln[1:].strip()
                    for ln in path.read_text("utf-8").splitlines()
                    if ln.startswith("#")
                ),
                "",
            )
            click.echo(f"{name:40} {first}")
        return
    text = resolve(query)
    if store_dir is not None and data:
        raise click.UsageError("give either --store or --data, not both")
    if store_dir is not None:
        with store_to_query(store_dir) as store:
            click.echo(run(store, text, fmt), nl=False)
        return
    files = list(data) or [
        p
        for p in (Path("output/aglod.ttl"), Path("output/aglod-inferred.ttl"))
        if p.exists() or p.name == "aglod.ttl"
    ]
    click.echo(run(memory_store(files), text, fmt, union=False), nl=False)


@main.command()
@click.argument(
    "build_dir",
    required=False,
    default=Path("output"),
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Folder to write the site to (replaced as a whole when complete).",
)
@click.option(
    "--base",
    default=None,
    help="The site's public base IRI, under which the build's IRIs lie "
    "(default: the parent of the build's instance base, e.g. https://w3id.org/aglod/).",
)
@click.option("--sparql-endpoint", default=None, help="A SPARQL endpoint serving the data.")
@click.option(
    "--hosted-at",
    default=None,
    help="Where the folder is served when that is not --base (e.g. behind w3id.org): "
    "writes the w3id.org redirect file pointing there.",
)
@click.option("--publisher", default="aglod", show_default=True, help="Publisher named in DCAT.")
@click.option("--contact-email", default=None, help="Contact email for DCAT and data.json.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.pass_context
@handle_errors
def publish(
    ctx: click.Context,
    build_dir: Path,
    out: Path,
    base: str | None,
    sparql_endpoint: str | None,
    hosted_at: str | None,
    publisher: str,
    contact_email: str | None,
    as_json: bool,
) -> None:
    """Publish a build (default output/) as a linked-data site in --out.

    Every resource under the site's base gets a page (NAME.html), Turtle (NAME.ttl)
    and JSON-LD (NAME.jsonld) at the path of its IRI; index pages by state, action
    type, topic and year; the dumps (plain and gzipped); VoID (void.ttl,
    .well-known/void), DCAT (catalog.ttl) and DCAT-US (data.json); the ontology and
    shapes pages; sitemap.xml and robots.txt; and server configuration for content
    negotiation (server/nginx/, .htaccess, server/w3id/ with --hosted-at).
    """
    from .site.publishing import publish as run_publish

    result = run_publish(
        build_dir,
        out,
        base=base,
        sparql_endpoint=sparql_endpoint,
        hosted_at=hosted_at,
        publisher=publisher,
        contact_email=contact_email,
    )
    for note in result.notes:
        _say(ctx, f"aglod: note: {note}")
    if as_json:
        click.echo(json.dumps(result.summary(), indent=2, sort_keys=True))
    _say(
        ctx,
        f"published {result.resources} resources ({result.pages} pages, {result.files} files) "
        f"for {result.site_base} in {result.seconds:.1f} s; wrote {out}/",
    )


if __name__ == "__main__":  # pragma: no cover
    main()
