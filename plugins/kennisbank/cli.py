"""The `kennisbank` command line: check the content (and more subcommands as the project grows)."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import sys
from pathlib import Path
from typing import NoReturn

from kennisbank.contribute.output_paths import (
    JSON,
    PDF,
    OutputError,
    check_file,
    prepare_folder,
    project_folders,
    write_atomic,
)
from kennisbank.contribute.overlap import RUN, SourceIndex, find_overlaps
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.problems import render, visible
from kennisbank.outputs.schema import schema_files

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits with 2 on usage errors; keep that, in Dutch
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fout: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kennisbank", description="Kennisbank Kansengelijkheid: controleer en bouw de kennisbank.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = commands.add_parser("check", help="controleer de inhoud: velden, verwijzingen en veiligheid",
                                description="Controleer alle items. Meldt elk probleem als pad:regel:kolom.")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="bestanden of mappen om te melden (standaard: content/); alles wordt samen gecontroleerd")
    check.add_argument("--content", metavar="DIR", help="map met de inhoud (standaard: ./content)")
    check.add_argument("--strict", action="store_true", help="ook waarschuwingen tellen als fout")
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="uitvoer: text (standaard), github (annotaties voor GitHub Actions) of json")
    overlap = commands.add_parser("overlap", help="zoek zinnen die letterlijk uit een brontekst komen",
                                  description="Meld elke reeks van 8 of meer woorden die een item deelt met een "
                                              "brontekst (titels, namen en citaten tellen niet mee).")
    overlap.add_argument("--sources", required=True, metavar="DIR", help="map met de bronteksten (*.txt)")
    overlap.add_argument("--content", default="content", metavar="DIR", help="map met de inhoud (standaard: ./content)")
    briefing = commands.add_parser("briefing", help="maak de briefing van een meetup of provincie als pdf",
                                   description="Maak de briefing (A4-pdf) van een meetup, of van een provincie "
                                               "zonder meetup, zonder de site te bouwen.")
    briefing.add_argument("meetup", nargs="?", metavar="MEETUP", help="id van de meetup (bestandsnaam in content/meetups/)")
    briefing.add_argument("--provincie", metavar="NAAM", help="maak de briefing voor een hele provincie, bijvoorbeeld Fryslân")
    briefing.add_argument("-o", "--output", required=True, metavar="BESTAND",
                          help="het pdf-bestand om te schrijven: niet in content/ of docs/, en alleen een bestaand "
                               "pdf-bestand wordt overschreven")
    briefing.add_argument("--content", default="content", metavar="DIR", help="map met de inhoud (standaard: ./content)")
    briefing.add_argument("--site-url", default="https://kennisbank-kansengelijkheid.github.io/kennisbank/",
                          metavar="URL", help="adres van de online kennisbank, voor de links en de QR-code")
    schema = commands.add_parser("schema", help="schrijf het JSON Schema van elke soort item",
                                 description="Schrijf het JSON Schema van elke soort item naar een map.")
    schema.add_argument("--out", default="schema", metavar="DIR",
                        help="doelmap (standaard: schema/); niet in content/ of docs/, en alleen bestaande "
                             ".json-bestanden worden overschreven")
    new = commands.add_parser("new", help="maak een nieuw item: vraagt de velden en schrijft het bestand",
                              description="Maak een nieuw item. Vraagt de velden (met de bestaande thema's, "
                                          "praktijkkaarten en plaatsen om uit te kiezen), schrijft "
                                          "content/<soort>/<id>.md of .yml met uitleg bij elk veld en controleert "
                                          "het nieuwe bestand. Een bestaand bestand wordt nooit overschreven.")
    new.add_argument("soort", metavar="SOORT",
                     help="thema, praktijkkaart, leestip, initiatief, meetup, verzameling, brondocument of begrip "
                          "(de mapnaam mag ook, bijvoorbeeld practices)")
    new.add_argument("--veld", action="append", default=[], metavar="NAAM=WAARDE",
                     help="vul een veld in zonder vraag; herhaal voor meer velden of lijstitems (bijvoorbeeld "
                          "--veld title=Voorlezen --veld places=Noord-Holland/Hilversum --veld sectors=po,vo)")
    new.add_argument("--id", metavar="ID", help="bestandsnaam zonder extensie (standaard: gemaakt uit de titel)")
    new.add_argument("--ja", action="store_true",
                     help="stel geen vragen: gebruik alleen --veld en de voorgestelde id (voor scripts)")
    new.add_argument("--content", default="content", metavar="DIR", help="map met de inhoud (standaard: ./content)")
    issue = commands.add_parser("from-issue", help="maak een item van een GitHub-issue (formulier)",
                                description="Lees een issue dat met het formulier 'Nieuw initiatief' of 'Nieuwe "
                                            "leestip' is gemaakt, en schrijf er een gecontroleerd bestand van. Drukt "
                                            "het pad af, of de problemen als Markdown-lijst voor een reactie op het "
                                            "issue (exitcode 1).")
    issue.add_argument("--kind", required=True, choices=("initiative", "reading"), help="soort formulier")
    issue.add_argument("--body-file", required=True, metavar="BESTAND", help="de tekst van het issue")
    issue.add_argument("--content", default="content", metavar="DIR", help="map met de inhoud (standaard: ./content)")
    issue.add_argument("--out-dir", metavar="DIR", help="waar het bestand komt (standaard: content/<soort>/)")
    issue.add_argument("--pr-body", metavar="BESTAND", help="schrijf ook een beschrijving voor de pull request")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code = _run(args)
        sys.stdout.flush()  # a full disk behind '> file' shows here, while a message can still say so
        return code
    except OutputError as exc:  # a path the user gave that cannot or may not be written
        print(f"kennisbank: fout: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # output piped into `head` and closed early: nothing went wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        if exc.errno not in _FULL or os.environ.get("KENNISBANK_DEBUG"):
            return _internal(exc)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # else Python fails again at exit
        print(f"kennisbank: fout: de uitvoer kan niet geschreven worden: de schijf is vol ({exc.strerror}).",
              file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - a contributor must never see a traceback
        return _internal(exc)


_FULL = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG") if hasattr(errno, name)}
"""Errors of a full disk: the place the user sent the output to, not a fault of the kennisbank."""


def _internal(exc: Exception) -> int:
    if os.environ.get("KENNISBANK_DEBUG"):
        raise exc
    print(f"kennisbank: interne fout ({type(exc).__name__}: {exc}). Dit ligt niet aan jouw bestand maar aan de "
          "kennisbank zelf; meld het als issue (met KENNISBANK_DEBUG=1 zie je de details).", file=sys.stderr)
    return EXIT_PROBLEMS


def _run(args: argparse.Namespace) -> int:
    if args.command == "schema":
        return _schema(args)
    if args.command == "overlap":
        return _overlap(args)
    if args.command == "briefing":
        return _briefing(args)
    if args.command == "new":
        from kennisbank.contribute.new_entry import new_command

        return new_command(args)
    if args.command == "from-issue":
        from kennisbank.contribute.issue_form import from_issue_command

        return from_issue_command(args)
    return _check(args)


def _schema(args: argparse.Namespace) -> int:
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
        print(f"kennisbank: fout: map met inhoud '{content}' bestaat niet", file=sys.stderr)
        return EXIT_USAGE
    for path in paths:
        if not path.exists() and not path.is_symlink():
            print(f"kennisbank: fout: '{visible(str(path))}' bestaat niet", file=sys.stderr)
            return EXIT_USAGE
        if not _within(path, content.resolve(), follow=False):
            # Checking only happens inside the content folder: a file elsewhere is never read, so saying
            # nothing and exiting 0 would pass it off as checked.
            print(f"kennisbank: fout: '{visible(str(path))}' ligt niet in de map met inhoud "
                  f"({visible(str(content))}/). Zet het bestand in content/<soort>/ en controleer het daar, of geef "
                  "de juiste map aan met --content.", file=sys.stderr)
            return EXIT_USAGE
    result = load_knowledge_base(content)
    problems = result.problems
    if paths:
        wanted = [_absolute(p) for p in paths]
        root = content.resolve().parent
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
    sources, content = Path(args.sources), Path(args.content)
    if not sources.is_dir() or not content.is_dir():
        print(f"kennisbank: fout: map '{visible(str(sources if not sources.is_dir() else content))}' bestaat niet",
              file=sys.stderr)
        return EXIT_USAGE
    hits = find_overlaps(load_knowledge_base(content).knowledge.entries.values(), SourceIndex.from_folder(sources))
    for hit in hits:
        print(f"{visible(hit.path)}:{hit.line}:1: warning: {RUN}+ woorden letterlijk uit {visible(hit.source)}: "
              f"'{hit.words}'. Schrijf dit in eigen woorden, of zet het als citaat tussen aanhalingstekens.")
    print(f"{len(hits)} overgenomen reeks{'en' if len(hits) != 1 else ''} gevonden", file=sys.stderr)
    return EXIT_PROBLEMS if hits else EXIT_OK


def _briefing(args: argparse.Namespace) -> int:
    from kennisbank.core.models import MEETUP
    from kennisbank.core.regions import PROVINCES
    from kennisbank.core.suggestions import did_you_mean
    from kennisbank.outputs import urls
    from kennisbank.outputs.briefing import meetup_briefing, province_briefing
    from kennisbank.outputs.pdf import briefing_html, briefing_pdf, engine_available

    if (args.meetup is None) == (args.provincie is None):
        print("kennisbank: fout: geef een meetup (id) of --provincie, niet allebei en niet geen van beide",
              file=sys.stderr)
        return EXIT_USAGE
    # The output path first: a typo there should not cost the time it takes to make the PDF.
    target = check_file(Path(args.output), PDF, project_folders(Path(args.content)))
    if not engine_available():
        print("kennisbank: fout: WeasyPrint kan niet laden, dus er kan geen pdf gemaakt worden. Installeer de "
              "afhankelijkheden opnieuw (python3 scripts/dev.py setup) en de systeembibliotheek Pango.", file=sys.stderr)
        return EXIT_USAGE
    result = load_knowledge_base(Path(args.content))
    if result.errors:
        print(render(result.errors), file=sys.stderr)
        print("kennisbank: de inhoud heeft fouten; los die eerst op (kennisbank check).", file=sys.stderr)
        return EXIT_PROBLEMS
    kb = result.knowledge
    site_url = args.site_url if args.site_url.endswith("/") else args.site_url + "/"
    if args.provincie is not None:
        if args.provincie not in PROVINCES:
            print(f"kennisbank: fout: onbekende provincie '{visible(args.provincie)}'."
                  f"{did_you_mean(args.provincie, PROVINCES)}", file=sys.stderr)
            return EXIT_USAGE
        briefing, page = province_briefing(kb, args.provincie), urls.region_briefing(args.provincie)
    else:
        meetups = {m.id: m for m in kb.of_kind(MEETUP)}
        if args.meetup not in meetups:
            print(f"kennisbank: fout: onbekende meetup '{visible(args.meetup)}'.{did_you_mean(args.meetup, meetups)}",
                  file=sys.stderr)
            return EXIT_USAGE
        briefing, page = meetup_briefing(kb, meetups[args.meetup]), urls.entry_uri(meetups[args.meetup])
    # Offline, the day it is made is the honest date for the footer (the site build uses the commit date).
    document = briefing_html(briefing, site_url, site_url + page.removesuffix(".md") + "/", dt.date.today())
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
