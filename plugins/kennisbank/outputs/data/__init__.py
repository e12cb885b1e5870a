"""Open data: the knowledge base as JSON, CSV, GeoJSON and feeds under data/, one module per format, described by
a data package and a catalogue record.

Every file is made from the validated models, never from the content files' raw text, so the data holds
exactly what the checker accepted. Nothing depends on the clock: dates come from git history (commit dates),
so a rebuild of the same commit gives byte-identical files.
"""

from __future__ import annotations

from kennisbank.core import reads
from kennisbank.core.history import History
from kennisbank.core.knowledge import KnowledgeBase
from kennisbank.outputs.output import Output

from .csv import csv_outputs
from .dcat import dcat_output
from .feeds import feed_outputs
from .geo import Centroids, geojson_outputs
from .json import json_outputs, records_of
from .package import package_output

__all__ = ["data_outputs"]


def data_outputs(kb: KnowledgeBase, history: History, site_url: str,
                 centroids: Centroids | None = None, kept: reads.Keeper = reads.compute_now) -> list[Output]:
    """Every open-data file of the site. `centroids` defaults to the package's table (tests pass their own);
    `kept` may hand back an entry's record from the last build (core/reads.py)."""
    records = records_of(kb, history, site_url, kept)
    return [
        *json_outputs(records, history, site_url),
        *csv_outputs(records),
        *geojson_outputs(kb, site_url, centroids),
        *feed_outputs(kb, history, site_url),
        package_output(kb, history, site_url),
        dcat_output(history, site_url),
    ]
