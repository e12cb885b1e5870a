"""Open data: the knowledge base as JSON, CSV, GeoJSON and feeds, one module per format."""
