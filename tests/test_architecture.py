"""Architecture rules: the layers import only downwards (core → outputs → faces, contribute beside outputs), only
the MkDocs adapter imports mkdocs, every module says what it is for."""

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


def _kennisbank_imports(path: Path) -> set[str]:
    """Every kennisbank module a file imports, relative imports resolved to absolute names."""
    module = ["kennisbank", *path.relative_to(PACKAGE).with_suffix("").parts]
    package = module[:-1]  # for a module and for an __init__ alike: the package the dots count from
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *([node.module] if node.module else [])])
            if name.startswith("kennisbank"):
                found.add(name)
                found.update(f"{name}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("kennisbank"))
    return found


LAYER_RULES = {
    # layer: the layers (and outside packages) it may not import
    "core": ("kennisbank.outputs", "kennisbank.contribute", "kennisbank.cli", "kennisbank.mkdocs_plugin"),
    "outputs": ("kennisbank.contribute", "kennisbank.cli", "kennisbank.mkdocs_plugin"),
    "contribute": ("kennisbank.cli", "kennisbank.mkdocs_plugin"),
}


def test_layers_import_only_downwards() -> None:
    wrong = []
    for layer, forbidden in LAYER_RULES.items():
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            for name in sorted(_kennisbank_imports(path)):
                if name.startswith(forbidden):
                    wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert wrong == [], "a layer imports upwards:\n" + "\n".join(wrong)


def test_the_layer_rule_sees_relative_and_absolute_imports() -> None:
    assert "kennisbank.core.documents" in _kennisbank_imports(PACKAGE / "core" / "loader.py")
    assert any(n.startswith("kennisbank.core.") for n in _kennisbank_imports(PACKAGE / "outputs" / "pages.py"))


def test_only_the_root_holds_faces() -> None:
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py", "__main__.py", "cli.py", "mkdocs_plugin.py"]


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
