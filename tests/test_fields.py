"""The field table: it follows the models and agrees with the JSON Schema that pydantic makes of them."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, Field

from kennisbank.core.models import INITIATIVE, KINDS, MEETUP, PRACTICE, READING, THEME, Kind
from kennisbank.core.models.common import Citation, Place, Provenance, StrictModel, Url
from kennisbank.core.models.fields import blocks_of, fields_of, location, values_of, walk
from kennisbank.core.models.meetup import Region
from kennisbank.core.models.rating import Rating

MODELS: list[type[BaseModel]] = [kind.model for kind in KINDS]
MODELS += [block for model in list(MODELS) for block in blocks_of(model) if block not in MODELS]


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_the_table_follows_the_model(model: type[BaseModel]) -> None:
    fields = fields_of(model)
    assert [field.name for field in fields] == list(model.model_fields)
    for field in fields:
        info = model.model_fields[field.name]
        assert field.path == (field.name,) and field.owner is model
        assert field.required == info.is_required()
        assert field.description == info.description
        assert field.description  # every field tells contributors what it holds


def _definition(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """A property's schema with pydantic's wrappers taken off: Optional (anyOf null), list (items), $ref."""
    for option in node.get("anyOf", ()):
        if option.get("type") != "null":
            node = {**node, **option}
    if node.get("type") == "array":
        node = {**node, **node["items"]}
    if "$ref" in node:
        node = {**node, **schema["$defs"][node["$ref"].split("/")[-1]]}
    return node


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_the_table_agrees_with_the_json_schema(kind: Kind) -> None:
    schema = kind.model.model_json_schema()

    def check(fields: tuple[Any, ...], node: dict[str, Any]) -> None:
        assert [field.name for field in fields] == list(node["properties"])
        assert [field.name for field in fields if field.required] == node.get("required", [])
        for field in fields:
            prop = node["properties"][field.name]
            assert field.many == (prop.get("type") == "array" or any(
                option.get("type") == "array" for option in prop.get("anyOf", ()))), field.key
            inner = _definition(schema, prop)
            assert (field.ref.name if field.ref else None) == prop.get("x-ref"), field.key
            if field.type == "choice":
                assert list(field.choices) == inner["enum"], field.key
            if field.type == "block":
                check(field.fields, inner)
            if "default" in prop:
                default = field.default
                assert (list(default) if isinstance(default, tuple) else default) == prop["default"], field.key

    check(fields_of(kind.model), schema)


def test_types_as_a_contributor_sees_them() -> None:
    by_key = {field.key: field for field in walk(fields_of(MEETUP.model))}
    assert by_key["region"].type == "block" and by_key["region"].block is Region and by_key["region"].required
    places = by_key["region.places"]
    assert places.block is Place and places.many and places.owner is Region
    assert [f.path for f in places.fields] == [("region", "places", n) for n in ("provincie", "gemeente", "plaats")]
    assert by_key["date"].type == "date" and by_key["held"].type == "bool" and by_key["held"].default is False
    assert by_key["themes"].type == "ref" and by_key["themes"].ref is THEME and by_key["themes"].many
    assert by_key["agenda.theme"].ref is THEME and not by_key["agenda.theme"].many
    theme = {field.name: field for field in fields_of(THEME.model)}
    assert theme["order"].type == "number" and theme["order"].default == 100
    assert theme["sectors"].type == "choice" and theme["sectors"].many and "po" in theme["sectors"].choices
    assert theme["sectors"].default == ()
    reading = {field.name: field for field in fields_of(READING.model)}
    assert reading["language"].choices == ("nl", "en") and reading["language"].default == "nl"
    assert reading["title"].type == "text" and reading["title"].default is None


def test_web_addresses_are_found_at_every_depth() -> None:
    def urls(kind: Kind) -> set[str]:
        return {field.key for field in values_of(kind.model) if field.type == "url"}

    assert urls(INITIATIVE) == {"url", "url_found_on", "place_sources.url", "contact.url", "contact.found_on"}
    assert urls(PRACTICE) == {"ratings.url", "sources.url"}  # Rating.url is required, Citation.url optional
    assert urls(THEME) == set()
    assert {f.name for f in fields_of(Citation) if f.type == "url"} == {"url"}
    assert {f.name for f in fields_of(Rating) if f.type == "url"} == {"url"}


def test_blocks_in_first_use_order() -> None:
    assert [block.__name__ for block in blocks_of(MEETUP.model)] == ["Region", "Place", "Agenda", "Provenance"]
    assert blocks_of(THEME.model) == [Provenance]


def test_computed_once() -> None:
    assert fields_of(PRACTICE.model) is fields_of(PRACTICE.model)
    assert fields_of(Place, ("places",)) is fields_of(Place, ("places",))


def test_a_list_of_web_addresses_is_a_list_of_urls() -> None:
    class Links(StrictModel):
        links: list[Url] = Field(default_factory=list, description="Webadressen.")

    [links] = fields_of(Links)
    assert (links.type, links.many, links.default, links.required) == ("url", True, (), False)


def test_a_type_without_words_is_refused() -> None:
    # A new kind of value must get its words for contributors, not turn silently into 'tekst'.
    class Odd(StrictModel):
        amount: float = Field(description="Een bedrag.")

    with pytest.raises(TypeError, match="Odd.amount"):
        fields_of(Odd)


@pytest.mark.parametrize(("kind", "path", "expected"), [
    (PRACTICE, ("summary",), "samenvatting"),
    (PRACTICE, ("age_groups", 1), "leeftijdsgroepen, 2e waarde"),  # a list of values
    (PRACTICE, ("ratings", 0, "scheme"), "waarderingen, 1e item: toolkit"),  # a list of blocks
    (PRACTICE, ("sources", 2), "bronnen, 3e item"),
    (MEETUP, ("region",), "regio"),
    (PRACTICE, ("ratings", 0, "schema"), "waarderingen, 1e item: schema"),  # not a field: as the file spells it
    (PRACTICE, (), "het bestand"),
])
def test_a_place_in_an_entry_is_named_in_dutch(kind: Kind[Any], path: tuple[Any, ...], expected: str) -> None:
    assert location(kind.model, path) == expected


def test_a_place_in_a_nested_list_is_named_in_dutch() -> None:
    from kennisbank.core.models import SCAN

    assert location(SCAN.model, ("statements", 1, "sectors", 0)) == "stellingen, 2e item: sectoren, 1e waarde"
