"""Compiled Jinja templates kept between builds: in memory for the rebuilds of `serve`, and on disk in the
project's cache folder for the next build."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import jinja2


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiling templates is a fixed cost of every build (Material's and ours: about a tenth of a small site's
    build), and MkDocs makes a new Jinja environment for every build, so without this each rebuild of `serve`
    compiles them again. Jinja stores the source's checksum with the code and compiles anew when a template
    changed. The folder is the user's cache folder (core/cache.py), never the repository: compiled code is
    executed, so nothing committed may pose as it."""

    def __init__(self, folder: Path | None = None) -> None:
        self.compiled: dict[str, bytes] = {}
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is None and self.folder is not None:
            try:
                code = (self.folder / f"{bucket.key}.cache").read_bytes()
            except OSError:
                code = None
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled[bucket.key] = bucket.bytecode_to_string()
        if self.folder is None:
            return
        target = self.folder / f"{bucket.key}.cache"
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:  # a failure to write only costs a compile next time
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(code)
            os.replace(temporary, target)
        except OSError:
            temporary.unlink(missing_ok=True)


@cache
def compiled_templates(folder: Path | None) -> CompiledTemplates:
    """The one cache of compiled templates per folder and process: every rebuild of `serve` finds what the ones
    before it compiled."""
    return CompiledTemplates(folder)
