"""Where the command line may write, and writing there atomically.

One rule for every file a subcommand writes (a briefing PDF, the JSON schemas, a pull-request description):
- never inside the project's content/ or docs/ folders, compared as real paths, so a symbolic link or '..' cannot
  lead there (entry files that `kennisbank new` and `from-issue` make are the exception: they pass
  `allow_content`);
- never onto a folder, a device or anything else that is not a regular file;
- an existing file is only replaced by the same kind of output (a PDF by a PDF), so a typo in a path cannot
  overwrite someone's work;
- the folder must exist already: a typo in a folder name is reported, not created.
Files are written to a temporary file in the target folder and then renamed over the target, so a failed write
(a full disk, no permission, a read-only file system) never leaves half a file. Every refusal is an OutputError
with a Dutch message; the command line shows it as "kennisbank: fout: …" and exits with 2.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kennisbank.core.problems import UsageError, visible

PROTECTED = ("content", "docs")
"""Folders of the project that only hold hand-written sources; no command writes generated output there."""


class OutputError(UsageError):
    """A path the command line will not write to, or a write that failed; the message is Dutch."""


@dataclass(frozen=True)
class OutputKind:
    """What a subcommand writes: its Dutch name and how to recognise an earlier file of the same kind."""

    name: str  # e.g. "pdf-bestand", used in messages
    accepts: Callable[[Path], bool]  # may this existing regular file be replaced?
    example: str = "uitvoer"  # a file name to suggest when a folder was given


def _head(path: Path, size: int) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


def starting_with(prefix: bytes) -> Callable[[Path], bool]:
    """An existing file of the same kind starts with these bytes."""
    return lambda path: _head(path, len(prefix)) == prefix


def _json_file(path: Path) -> bool:
    if path.suffix != ".json" or path.stat().st_size > 10_000_000:
        return False
    try:
        json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return True


PDF = OutputKind("pdf-bestand", starting_with(b"%PDF-"), "briefing.pdf")
JSON = OutputKind("JSON-bestand", _json_file, "schema.json")


def project_folders(*content_dirs: Path, content: bool = True) -> list[Path]:
    """The real paths of the folders no generated output may go into: content/ and docs/ of the project in the
    current folder, of the folder that holds each given content folder, and of the checkout this package runs
    from, plus the given content folders themselves (whatever they are called). Without `content` only the
    docs/ folders: for the commands that write new entries, whose place is the content folder."""
    roots = [Path.cwd(), *(Path(folder).parent for folder in content_dirs)]
    checkout = Path(__file__).resolve().parents[3]  # plugins/kennisbank/contribute/this file
    if (checkout / "mkdocs.yml").is_file():
        roots.append(checkout)
    names = PROTECTED if content else tuple(name for name in PROTECTED if name != "content")
    folders = [Path(os.path.realpath(root / name)) for root in roots for name in names]
    if content:
        folders += [Path(os.path.realpath(folder)) for folder in content_dirs]
    return list(dict.fromkeys(folders))


def _inside(path: Path, folders: Iterable[Path]) -> Path | None:
    for folder in folders:
        if path == folder or folder in path.parents:
            return folder
    return None


def _refuse_protected(shown: str, real: Path, protected: Sequence[Path]) -> None:
    folder = _inside(real, protected)
    if folder is not None:
        where = "is" if real == folder else "ligt in"
        raise OutputError(f"'{shown}' {where} de map {visible(folder.name)}/ van de kennisbank; daar staan alleen "
                          "bronbestanden en komt geen gemaakte uitvoer. Kies een plek buiten content/ en docs/, "
                          "bijvoorbeeld je eigen map of /tmp. Er is niets geschreven.")


def check_file(path: Path, kind: OutputKind, protected: Sequence[Path]) -> Path:
    """The real path to write `path` to, after the rule in the module docstring; OutputError if it may not."""
    shown = visible(str(path))
    if str(path).endswith(("/", os.sep)) or path.name in ("", ".", ".."):
        raise OutputError(f"'{shown}' is een map; geef een bestandsnaam. Er is niets geschreven.")
    real = Path(os.path.realpath(path))
    _refuse_protected(shown, real, protected)
    try:
        info = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"'{shown}' kan niet gebruikt worden: {_reason(exc)}. Er is niets geschreven.") from None
    if info is None:
        if not real.parent.is_dir():
            raise OutputError(f"de map '{visible(str(path.parent))}' bestaat niet. Maak hem eerst, of kies een map "
                              "die er al is. Er is niets geschreven.")
        return real
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"'{shown}' is een map; geef een bestandsnaam, bijvoorbeeld "
                          f"'{visible(str(path / kind.example))}'. Er is niets geschreven.")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"'{shown}' is geen gewoon bestand (maar bijvoorbeeld een apparaat of pijp); daar schrijft "
                          "de kennisbank niet naar. Kies een bestandsnaam. Er is niets geschreven.")
    try:
        same_kind = kind.accepts(real)
    except OSError as exc:
        raise OutputError(f"'{shown}' bestaat al en kan niet gelezen worden ({_reason(exc)}); het wordt niet "
                          "overschreven. Kies een andere naam. Er is niets geschreven.") from None
    if not same_kind:
        raise OutputError(f"'{shown}' bestaat al en is geen {kind.name}; het wordt niet overschreven. Kies een "
                          "andere naam. Er is niets geschreven.")
    return real


def prepare_folder(path: Path, protected: Sequence[Path]) -> Path:
    """The real path of an output folder, made if it is missing and its parent exists; OutputError otherwise."""
    shown = visible(str(path))
    real = Path(os.path.realpath(path))
    _refuse_protected(shown, real, protected)
    if real.is_dir():
        return real
    if real.exists():
        raise OutputError(f"'{shown}' is geen map maar een bestand. Kies een map. Er is niets geschreven.")
    if not real.parent.is_dir():
        raise OutputError(f"de map '{visible(str(path.parent))}' bestaat niet. Maak hem eerst, of kies een map die er "
                          "al is. Er is niets geschreven.")
    try:
        real.mkdir()
    except FileExistsError:
        if not real.is_dir():
            raise OutputError(f"'{shown}' is geen map. Er is niets geschreven.") from None
    except OSError as exc:
        raise OutputError(f"de map '{shown}' kan niet gemaakt worden: {_reason(exc)}. Er is niets geschreven.") from None
    return real


def _reason(exc: OSError) -> str:
    reasons = {
        errno.EACCES: "je hebt geen toestemming om daar te schrijven",
        errno.EPERM: "je hebt geen toestemming om daar te schrijven",
        errno.ENOSPC: "de schijf is vol",
        errno.EROFS: "die plek is alleen-lezen",
        errno.ENOENT: "de map bestaat niet (meer)",
        errno.ENOTDIR: "een deel van het pad is geen map",
        errno.EISDIR: "het is een map",
        errno.ENAMETOOLONG: "de naam is te lang",
        errno.EFBIG: "het bestand wordt te groot",
        errno.EIO: "fout bij het schrijven naar de schijf",
    }
    if hasattr(errno, "EDQUOT"):  # not on every platform
        reasons[errno.EDQUOT] = "de schijf is vol (je quotum is op)"
    return reasons.get(exc.errno or 0, exc.strerror or type(exc).__name__)


def _mode(existing: Path | None) -> int:
    if existing is not None:
        with contextlib.suppress(OSError):
            return stat.S_IMODE(os.stat(existing).st_mode)
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(real: Path, data: bytes, shown: str | None = None, *, replace: bool = True) -> None:
    """Write data to `real` through a temporary file in the same folder. With `replace` an existing file is
    swapped for the new one in one step; without it an existing file is left alone (FileExistsError). Any other
    failure is an OutputError, and nothing is left behind."""
    label = shown if shown is not None else visible(str(real))
    temp: str | None = None
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{real.name[:40]}.", suffix=".tmp", dir=real.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, _mode(real if replace and real.exists() else None))
        if replace:
            os.replace(temp, real)
        else:
            _link_new(temp, real)
        temp = None
    except FileExistsError:
        raise
    except OSError as exc:
        raise OutputError(f"'{label}' kan niet geschreven worden: {_reason(exc)}. Er is niets geschreven.") from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


_NO_HARD_LINKS = {getattr(errno, name) for name in ("EPERM", "EOPNOTSUPP", "ENOTSUP", "EMLINK", "EXDEV")
                  if hasattr(errno, name)}


def _link_new(temp: str, target: Path) -> None:
    """Put a finished temporary file at a name that must be new (FileExistsError if it is taken)."""
    try:
        os.link(temp, target)  # fails if the name is taken, and the file appears whole or not at all
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        # A file system without hard links: claim the name first, then swap the finished file in.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            os.replace(temp, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(target)
            raise
        return
    with contextlib.suppress(OSError):
        os.unlink(temp)
