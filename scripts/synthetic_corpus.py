#!/usr/bin/env python3
"""Deterministic synthetic content for benchmarks: N valid, cross-linked entries of every kind.

    python scripts/synthetic_corpus.py OUT_DIR --entries 1000     # writes OUT_DIR/content/...

The text is realistic Dutch: every sentence is a window of words from the source documents (../shared/sources,
or KENNISBANK_SOURCES; the fiction document left out), taken at a random place per entry, so the vocabulary,
the stemmer's work, the glossary's matches and the search index's bytes grow as they would with real entries.
Without the sources it falls back to a small fixed vocabulary (and says so), which hides those costs.

Importable without side effects: `generate(out_dir, entries, seed=1) -> Path` (returns the content dir).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from kennisbank.core.regions import municipalities  # noqa: E402

WORDS = ["leerlingen", "leraren", "school", "ouders", "taal", "lezen", "voorlezen", "woordenschat", "overgang", "brugklas", "mentor", "begeleiding", "kansengelijkheid", "samenwerking", "gemeente", "bibliotheek", "wijk", "jeugdhulp", "zorg", "ondersteuning", "welbevinden", "rekenen", "basisschool", "voortgezet", "onderwijs", "kinderopvang", "peuters", "kleuters", "meertaligheid", "thuistaal", "feedback", "instructie", "leesmotivatie", "schooladvies", "doorstroom", "leerlijn", "referentieniveaus", "professionalisering", "teamoverleg", "onderzoek", "aanpak", "effect", "praktijk", "ervaring", "ontwikkeling", "achterstand", "talent", "vertrouwen", "netwerk", "verbinding", "buurt"]
VERBS = ["helpt", "versterkt", "verbindt", "ondersteunt", "vergroot", "verkleint", "begeleidt", "stimuleert", "organiseert", "bespreekt"]
SECTORS = ["voorschool", "po", "vo", "so", "mbo"]
MEDIA = ["artikel", "rapport", "podcast", "video", "webinar", "handreiking", "boek"]


def _source_words() -> list[str]:
    """The words of the source documents in reading order (letters only, so nothing in them is markup)."""
    folder = Path(os.environ.get("KENNISBANK_SOURCES", ROOT.parent / "shared" / "sources"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))
             if not p.name.startswith("000")] if folder.is_dir() else []
    found = [w for text in texts for w in re.findall(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)?", text)]
    if not found:
        print("synthetic_corpus: geen bronteksten gevonden; een kleine vaste woordenlijst wordt gebruikt", file=sys.stderr)
    return found


SOURCE_WORDS = _source_words()


def _sentence(rng: random.Random, words: int = 12) -> str:
    if SOURCE_WORDS:
        start = rng.randrange(max(1, len(SOURCE_WORDS) - words))
        chosen = SOURCE_WORDS[start:start + words]
    else:
        chosen = [rng.choice(WORDS) for _ in range(words)]
        chosen.insert(2, rng.choice(VERBS))
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def _title(rng: random.Random) -> str:
    vocabulary = SOURCE_WORDS or WORDS
    return " ".join(rng.choice(vocabulary) for _ in range(rng.randint(2, 5))).capitalize()


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def generate(out_dir: Path, entries: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    content = Path(out_dir) / "content"
    counts = {
        "themes": max(3, entries // 100), "documents": max(2, entries // 500), "collections": max(1, entries // 100),
        "meetups": max(1, entries // 50),
    }
    rest = entries - sum(counts.values())
    counts["practices"] = int(rest * 0.38)
    counts["reading"] = int(rest * 0.27)
    counts["initiatives"] = rest - counts["practices"] - counts["reading"]
    for folder in counts:
        (content / folder).mkdir(parents=True, exist_ok=True)
    ids = {folder: [f"{folder[:-1] if folder.endswith('s') else folder}-{i:05d}" for i in range(n)]
           for folder, n in counts.items()}
    towns = sorted(municipalities().values(), key=lambda m: m.name)

    def place() -> str:
        town = rng.choice(towns)
        return f"{{provincie: {town.province}, gemeente: {_q(town.name)}}}"

    for i, theme in enumerate(ids["themes"]):
        (content / "themes" / f"{theme}.md").write_text(
            f"---\ntitle: {_q(_title(rng))}\nquestion: {_q(_sentence(rng)[:-1] + '?')}\nsummary: {_q(_sentence(rng))}\n"
            f"order: {i + 1}\nsectors: {_list(rng.sample(SECTORS, 2))}\n---\n{_paragraph(rng, 6)}\n\n{_paragraph(rng, 5)}\n",
            encoding="utf-8")
    for document in ids["documents"]:
        (content / "documents" / f"{document}.yml").write_text(
            f"title: {_q(_title(rng))}\npublisher: {_q(_title(rng))}\nyear: {rng.randint(2010, 2025)}\n"
            f"summary: {_q(_sentence(rng))}\n", encoding="utf-8")
    for index, practice in enumerate(ids["practices"]):
        related = rng.sample([p for p in ids["practices"] if p != practice][:200], k=min(2, len(ids["practices"]) - 1))
        evidence = ""
        if index % 4 == 0:
            evidence = (f"ratings:\n  - scheme: eef-toolkit\n    strand: {_q(_title(rng))}\n"
                        f"    url: https://educationendowmentfoundation.org.uk/toolkit/{practice}\n    read_on: 2026-11-24\n"
                        f"    impact_months: {rng.randint(0, 8)}\n    strength: {rng.randint(1, 5)}\n"
                        f"    cost: {rng.randint(1, 5)}\n")
        body = "\n\n".join([
            "## Wat is het?", _paragraph(rng, 5),
            "## Waarom werkt het?", _paragraph(rng, 4) + f" Zie [de bron](https://www.nro.nl/{practice}).",
            "## Hoe begin je?", "\n".join(f"- {_sentence(rng, 8)}" for _ in range(4)),
        ])
        (content / "practices" / f"{practice}.md").write_text(
            f"---\ntitle: {_q(_title(rng))}\nsummary: {_q(_sentence(rng))}\n"
            f"themes: {_list(rng.sample(ids['themes'], 1))}\nnumber: \"{index % 9 + 1}.{index % 5 + 1}\"\n"
            f"sectors: {_list(rng.sample(SECTORS, 2))}\n"
            f"questions:\n  - {_q('Wat gebeurt er in {regio} al rond ' + rng.choice(WORDS) + '?')}\n  - {_q(_sentence(rng)[:-1] + '?')}\n"
            f"{evidence}"
            f"sources:\n  - title: {_q(_title(rng))}\n    publisher: NRO\n    year: {rng.randint(2010, 2025)}\n"
            f"    url: https://www.nro.nl/publicatie/{practice}\n"
            f"related: {_list(related)}\nprovenance:\n  - {{document: {rng.choice(ids['documents'])}, lines: \"{index + 1}-{index + 20}\"}}\n"
            f"---\n{body}\n", encoding="utf-8")
    for reading in ids["reading"]:
        (content / "reading" / f"{reading}.yml").write_text(
            f"title: {_q(_title(rng))}\nauthors: [{_q(_title(rng))}]\noutlet: {_q(_title(rng))}\n"
            f"media_type: {rng.choice(MEDIA)}\nyear: {rng.randint(2010, 2025)}\nurl: https://example.org/{reading}\n"
            f"summary: {_q(_sentence(rng))}\nsectors: {_list(rng.sample(SECTORS, 1))}\n"
            f"themes: {_list(rng.sample(ids['themes'], 1))}\npractices: {_list(rng.sample(ids['practices'], 2))}\n",
            encoding="utf-8")
    for index, initiative in enumerate(ids["initiatives"]):
        scope = "landelijk" if index % 10 == 0 else rng.choice(["lokaal", "regionaal"])
        places = "" if scope == "landelijk" else f"places:\n  - {place()}\n"
        suffix = ".md" if index % 2 else ".yml"
        data = (f"title: {_q(_title(rng))}\nsummary: {_q(_sentence(rng))}\nscope: {scope}\n{places}"
                f"sectors: {_list(rng.sample(SECTORS, 2))}\nurl: https://example.org/{initiative}\n"
                f"practices: {_list(rng.sample(ids['practices'], 2))}\n")
        text = f"---\n{data}---\n{_paragraph(rng, 3)}\n" if suffix == ".md" else data
        (content / "initiatives" / f"{initiative}{suffix}").write_text(text, encoding="utf-8")
    for meetup in ids["meetups"]:
        (content / "meetups" / f"{meetup}.md").write_text(
            f"---\ntitle: {_q(_title(rng))}\nsummary: {_q(_sentence(rng))}\nregion:\n  name: {_q(_title(rng))}\n"
            f"  places:\n    - {place()}\n    - {place()}\ndate: 2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n"
            f"themes: {_list(rng.sample(ids['themes'], 3))}\n---\n{_paragraph(rng, 3)}\n", encoding="utf-8")
    for collection in ids["collections"]:
        sections = "".join(
            f"  - title: {_q(_title(rng))}\n    practices: {_list(rng.sample(ids['practices'], 5))}\n" for _ in range(3))
        (content / "collections" / f"{collection}.yml").write_text(
            f"title: {_q(_title(rng))}\nsummary: {_q(_sentence(rng))}\nsections:\n{sections}", encoding="utf-8")
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.out_dir, args.entries, args.seed))


if __name__ == "__main__":
    main()
