"""Tools for authors, run from the command line and never during a build: new entries, issue forms, overlap."""
