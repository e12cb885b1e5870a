"""The `kennisbank` command line: every subcommand registered the same way, under one error guard."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from kennisbank.contribute.outcome import Outcome
from kennisbank.core.cache import cache_dir
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.problems import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError, render, visible

PREFIX = "kennisbank: fout: "  # before every message about a mistake in how a command was called
SITE_URL = "https://kennisbank-kansengelijkheid.github.io/kennisbank/"  # the published site, mkdocs.yml's default


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits with 2 on usage errors; keep that, in Dutch
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{PREFIX}{message}\n")


@dataclass(frozen=True)
class Command:
    """One subcommand: its name and help, how it adds its options, and the function that runs it and returns
    an exit code (raising UsageError for a mistake in how it was called)."""

    name: str
    help: str
    description: str
    options: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _content_option(parser: argparse.ArgumentParser, default: str | None = "content") -> None:
    parser.add_argument("--content", default=default, metavar="DIR", help="map met de inhoud (standaard: ./content)")


def _check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="bestanden of mappen om te melden (standaard: content/). Zijn het alleen bestanden, dan "
                             "worden alleen die gelezen (snel, voor pre-commit) en ontbreken de meldingen die van "
                             "andere bestanden afhangen: een thema zonder praktijkkaart, een kaart of initiatief "
                             "waar niets naar verwijst, en een schrijfwijze die ook bij een ander begrip staat. De "
                             "volledige controle (zonder PATH, zoals in CI) meldt die wel.")
    _content_option(parser, None)
    parser.add_argument("--strict", action="store_true", help="ook waarschuwingen tellen als fout")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text",
                        help="uitvoer: text (standaard), github (annotaties voor GitHub Actions) of json")


def _overlap_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sources", required=True, metavar="DIR", help="map met de bronteksten (*.txt)")
    _content_option(parser)


def _briefing_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("meetup", nargs="?", metavar="MEETUP", help="id van de meetup (bestandsnaam in content/meetups/)")
    parser.add_argument("--provincie", metavar="NAAM", help="maak de briefing voor een hele provincie, bijvoorbeeld Fryslân")
    parser.add_argument("-o", "--output", required=True, metavar="BESTAND",
                        help="het pdf-bestand om te schrijven: niet in content/ of docs/, en alleen een bestaand "
                             "pdf-bestand wordt overschreven")
    _content_option(parser)
    parser.add_argument("--site-url", default=SITE_URL, metavar="URL",
                        help="adres van de online kennisbank, voor de links en de QR-code")


def _changes_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", metavar="BASE", help="de revisie om mee te vergelijken, bijvoorbeeld main of een commit-id")
    parser.add_argument("head", nargs="?", metavar="HEAD",
                        help="de revisie met de wijzigingen (standaard: de werkmap, ook wat nog niet gecommit is)")
    _content_option(parser)
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                        help="uitvoer: text (standaard), markdown (voor de samenvatting van een GitHub-job) of json")
    parser.add_argument("--site-url", default=SITE_URL, metavar="URL", help="adres van de site, voor de paginalinks")


def _schema_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="schema", metavar="DIR",
                        help="doelmap (standaard: schema/); niet in content/ of docs/, en alleen bestaande "
                             ".json-bestanden worden overschreven")


def _new_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("soort", metavar="SOORT",
                        help="thema, praktijkkaart, leestip, initiatief, meetup, verzameling, brondocument of begrip "
                             "(de mapnaam mag ook, bijvoorbeeld practices)")
    parser.add_argument("--veld", action="append", default=[], metavar="NAAM=WAARDE",
                        help="vul een veld in zonder vraag; herhaal voor meer velden of lijstitems (bijvoorbeeld "
                             "--veld title=Voorlezen --veld places=Noord-Holland/Hilversum --veld sectors=po,vo)")
    parser.add_argument("--id", metavar="ID", help="bestandsnaam zonder extensie (standaard: gemaakt uit de titel)")
    parser.add_argument("--ja", action="store_true",
                        help="stel geen vragen: gebruik alleen --veld en de voorgestelde id (voor scripts)")
    _content_option(parser)


def _from_issue_options(parser: argparse.ArgumentParser) -> None:
    from kennisbank.contribute.issue_form import build_forms

    parser.add_argument("--kind", required=True, choices=tuple(build_forms()), help="soort formulier")
    parser.add_argument("--body-file", required=True, metavar="BESTAND", help="de tekst van het issue")
    _content_option(parser)
    parser.add_argument("--out-dir", metavar="DIR", help="waar het bestand komt (standaard: content/<soort>/)")
    parser.add_argument("--pr-body", metavar="BESTAND", help="schrijf ook een beschrijving voor de pull request")


def _new(args: argparse.Namespace) -> int:
    from kennisbank.contribute.interview import Terminal  # the author tools load only when they are used
    from kennisbank.contribute.new_entry import new_entry

    return _show(new_entry(args.soort, Path(args.content), args.veld, args.id, None if args.ja else Terminal()))


def _from_issue(args: argparse.Namespace) -> int:
    from kennisbank.contribute.from_issue import from_issue

    return _show(from_issue(args.kind, Path(args.body_file), Path(args.content),
                            Path(args.out_dir) if args.out_dir else None, Path(args.pr_body) if args.pr_body else None))


def _changes(args: argparse.Namespace) -> int:
    from kennisbank.contribute.changes import compare, render_changes

    changes = compare(Path(args.content), args.base, args.head, args.site_url)
    print(render_changes(changes, args.format))
    return changes.code


def _show(outcome: Outcome) -> int:
    """What an author tool hands back, printed: its result on stdout, why nothing was written after the error
    prefix and what to do next on stderr."""
    for line in outcome.out:
        print(line)
    for line in outcome.errors:
        print(f"{PREFIX}{line}", file=sys.stderr)
    for line in outcome.notes:
        print(line, file=sys.stderr)
    return outcome.code


def commands() -> list[Command]:
    """Every subcommand, in the order `kennisbank --help` lists them."""
    return [
        Command("check", "controleer de inhoud: velden, verwijzingen en veiligheid",
                "Controleer alle items. Meldt elk probleem als pad:regel:kolom.", _check_options, _check),
        Command("overlap", "zoek zinnen die letterlijk uit een brontekst komen",
                "Meld elke reeks van 8 of meer woorden die een item deelt met een brontekst (titels, namen en "
                "citaten tellen niet mee).", _overlap_options, _overlap),
        Command("briefing", "maak de briefing van een meetup of provincie als pdf",
                "Maak de briefing (A4-pdf) van een meetup, of van een provincie zonder meetup, zonder de site te "
                "bouwen.", _briefing_options, _briefing),
        Command("schema", "schrijf het JSON Schema van elke soort item",
                "Schrijf het JSON Schema van elke soort item naar een map.", _schema_options, _schema),
        Command("new", "maak een nieuw item: vraagt de velden en schrijft het bestand",
                "Maak een nieuw item. Vraagt de velden (met de bestaande thema's, praktijkkaarten en plaatsen om uit "
                "te kiezen), schrijft content/<soort>/<id>.md of .yml met uitleg bij elk veld en controleert het "
                "nieuwe bestand. Een bestaand bestand wordt nooit overschreven.", _new_options, _new),
        Command("from-issue", "maak een item van een GitHub-issue (formulier)",
                "Lees een issue dat met het formulier 'Nieuw initiatief' of 'Nieuwe leestip' is gemaakt, en schrijf "
                "er een gecontroleerd bestand van. Drukt het pad af, of de problemen als Markdown-lijst voor een "
                "reactie op het issue (exitcode 1).", _from_issue_options, _from_issue),
        Command("changes", "toon welke items een wijziging toevoegt, wijzigt en verwijdert",
                "Vergelijk de inhoud van twee git-revisies (zonder HEAD: de werkmap) en toon per toegevoegd, "
                "gewijzigd of verwijderd item de pagina en de problemen in het bestand. Exitcode 1 bij fouten.",
                _changes_options, _changes),
    ]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kennisbank", description="Kennisbank Kansengelijkheid: controleer en bouw de kennisbank.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in commands():
        sub = subparsers.add_parser(command.name, help=command.help, description=command.description)
        command.options(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """The one error guard of every subcommand: a user's mistake is a Dutch line and exit 2, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code: int = args.run(args)
        sys.stdout.flush()  # a full disk behind '> file' shows here, while a message can still say so
        return code
    except UsageError as exc:  # a path, a name or an option the user gave that cannot be used
        return _usage(str(exc))
    except BrokenPipeError:  # output piped into `head` and closed early: nothing went wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        if exc.errno not in _FULL or os.environ.get("KENNISBANK_DEBUG"):
            return _internal(exc)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # else Python fails again at exit
        return _usage(f"de uitvoer kan niet geschreven worden: de schijf is vol ({exc.strerror}).")
    except Exception as exc:  # noqa: BLE001 - a contributor must never see a traceback
        return _internal(exc)


def _usage(message: str) -> int:
    print(f"{PREFIX}{message}", file=sys.stderr)
    return EXIT_USAGE


_FULL = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG") if hasattr(errno, name)}
"""Errors of a full disk: the place the user sent the output to, not a fault of the kennisbank."""


def _internal(exc: Exception) -> int:
    if os.environ.get("KENNISBANK_DEBUG"):
        raise exc
    print(f"kennisbank: interne fout ({type(exc).__name__}: {exc}). Dit ligt niet aan jouw bestand maar aan de "
          "kennisbank zelf; meld het als issue (met KENNISBANK_DEBUG=1 zie je de details).", file=sys.stderr)
    return EXIT_PROBLEMS


def _schema(args: argparse.Namespace) -> int:
    from kennisbank.contribute.output_paths import JSON, check_file, prepare_folder, project_folders, write_atomic
    from kennisbank.outputs.schema import schema_files

    protected = project_folders()
    out = Path(args.out)
    prepare_folder(out, protected)
    files = schema_files()
    # Every target is checked before the first is written, so a refusal leaves all of them as they were.
    targets = {name: check_file(out / name, JSON, protected) for name in files}
    for name, text in files.items():
        write_atomic(targets[name], text.encode("utf-8"), visible(str(out / name)))
        print((out / name).as_posix())
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    content = Path(args.content) if args.content else _find_content(paths)
    if not content.is_dir():
        raise UsageError(f"map met inhoud '{visible(str(content))}' bestaat niet")
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"'{visible(str(path))}' bestaat niet")
        if not _within(path, content.resolve(), follow=False):
            # Checking only happens inside the content folder: a file elsewhere is never read, so saying
            # nothing and exiting 0 would pass it off as checked.
            raise UsageError(f"'{visible(str(path))}' ligt niet in de map met inhoud ({visible(str(content))}/). Zet "
                             "het bestand in content/<soort>/ en controleer het daar, of geef de juiste map aan met "
                             "--content.")
    if paths and all(p.is_symlink() or p.is_file() for p in paths):
        # Only named files: read just those, so pre-commit costs the same on any size of site.
        from kennisbank.core.check_files import check_files

        result = check_files(paths, content)
        problems = result.problems
    else:
        from kennisbank.core.check_cache import CheckCache

        root = content.resolve().parent
        folder = cache_dir(root)
        # Files whose bytes were checked before are not parsed again; what they found is remembered per file.
        result = load_knowledge_base(content, cache=CheckCache(folder, root), cache_dir=folder)
        problems = result.problems
        if paths:
            wanted = [_absolute(p) for p in paths]
            problems = [p for p in problems if any(_within(root / p.path, w, follow=False) for w in wanted)]
    output = render(problems, args.format)
    if output:
        print(output)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if args.format == "text":
        summary = (f"{result.files} bestand{'en' if result.files != 1 else ''} gecontroleerd: {errors} fout{'en' if errors != 1 else ''}, "
                   f"{warnings} waarschuwing{'en' if warnings != 1 else ''}")
        print(summary, file=sys.stderr)
    if errors or (args.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def _overlap(args: argparse.Namespace) -> int:
    from kennisbank.contribute.overlap import RUN, SourceIndex, find_overlaps

    sources, content = Path(args.sources), Path(args.content)
    if not sources.is_dir() or not content.is_dir():
        raise UsageError(f"map '{visible(str(sources if not sources.is_dir() else content))}' bestaat niet")
    hits = find_overlaps(load_knowledge_base(content).knowledge.entries.values(), SourceIndex.from_folder(sources))
    for hit in hits:
        print(f"{visible(hit.path)}:{hit.line}:1: warning: {RUN}+ woorden letterlijk uit {visible(hit.source)}: "
              f"'{hit.words}'. Schrijf dit in eigen woorden, of zet het als citaat tussen aanhalingstekens.")
    print(f"{len(hits)} overgenomen reeks{'en' if len(hits) != 1 else ''} gevonden", file=sys.stderr)
    return EXIT_PROBLEMS if hits else EXIT_OK


def _briefing(args: argparse.Namespace) -> int:
    from kennisbank.contribute.output_paths import PDF, check_file, project_folders, write_atomic
    from kennisbank.core.models import MEETUP
    from kennisbank.core.regions import PROVINCES
    from kennisbank.core.suggestions import did_you_mean
    from kennisbank.outputs import urls
    from kennisbank.outputs.briefing import meetup_briefing, province_briefing
    from kennisbank.outputs.pdf import briefing_html, briefing_pdf, engine_available

    if (args.meetup is None) == (args.provincie is None):
        raise UsageError("geef een meetup (id) of --provincie, niet allebei en niet geen van beide")
    # The output path first: a typo there should not cost the time it takes to make the PDF.
    target = check_file(Path(args.output), PDF, project_folders(Path(args.content)))
    if not engine_available():
        raise UsageError("WeasyPrint kan niet laden, dus er kan geen pdf gemaakt worden. Installeer de "
                         "afhankelijkheden opnieuw (python3 scripts/dev.py setup) en de systeembibliotheek Pango.")
    result = load_knowledge_base(Path(args.content))
    if result.errors:
        print(render(result.errors), file=sys.stderr)
        print("kennisbank: de inhoud heeft fouten; los die eerst op (kennisbank check).", file=sys.stderr)
        return EXIT_PROBLEMS
    kb = result.knowledge
    site_url = urls.site_root(args.site_url)
    if args.provincie is not None:
        if args.provincie not in PROVINCES:
            raise UsageError(f"onbekende provincie '{visible(args.provincie)}'.{did_you_mean(args.provincie, PROVINCES)}")
        briefing, page = province_briefing(kb, args.provincie), urls.region_briefing(args.provincie)
    else:
        meetups = {m.id: m for m in kb.of_kind(MEETUP)}
        if args.meetup not in meetups:
            raise UsageError(f"onbekende meetup '{visible(args.meetup)}'.{did_you_mean(args.meetup, meetups)}")
        briefing, page = meetup_briefing(kb, meetups[args.meetup]), urls.entry_uri(meetups[args.meetup])
    # Offline, the day it is made is the honest date for the footer (the site build uses the commit date).
    document = briefing_html(briefing, site_url, urls.absolute(page, site_url), dt.date.today())
    write_atomic(target, briefing_pdf(document), visible(str(args.output)))
    print(f"{visible(str(args.output))} geschreven", file=sys.stderr)
    return EXIT_OK


def _find_content(paths: list[Path]) -> Path:
    """The content folder that holds the given paths, else ./content."""
    for path in paths:
        for parent in [path.resolve(), *path.resolve().parents]:
            if parent.name == "content" and parent.is_dir():
                return parent
    return Path("content")


def _absolute(path: Path) -> Path:
    """An absolute path without following a symbolic link at its end (the check reports the link itself)."""
    return path.parent.resolve() / path.name if path.name not in ("", ".", "..") else path.resolve()


def _within(path: Path, container: Path, follow: bool = True) -> bool:
    path = path.resolve() if follow else _absolute(path)
    return path == container or container in path.parents
