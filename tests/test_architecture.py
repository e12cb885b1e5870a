"""Architecture rules: only the MkDocs adapter imports mkdocs; every module says what it is for."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "kennisbank"
ADAPTER = PACKAGE / "mkdocs_plugin.py"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_adapter_imports_mkdocs() -> None:
    offenders = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                 if p != ADAPTER and {"mkdocs", "material"} & _imports(p)]
    assert offenders == [], f"these modules import mkdocs but only mkdocs_plugin.py may: {offenders}"


def test_every_module_has_a_docstring() -> None:
    missing = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
               if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert missing == []


def test_every_model_field_is_described() -> None:
    from pydantic import BaseModel

    from kennisbank.core.models import KINDS

    seen: set[type[BaseModel]] = set()
    undocumented: list[str] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            if not info.description:
                undocumented.append(f"{model.__name__}.{name}")
            for arg in _types(info.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    visit(arg)

    def _types(annotation):
        yield annotation
        for arg in getattr(annotation, "__args__", ()):
            yield from _types(arg)

    for kind in KINDS:
        visit(kind.model)
        assert kind.model.model_config.get("extra") == "forbid"
    assert undocumented == []
