"""The outputs: the KnowledgeBase in, every file of the site out (pages, search, open data, briefings, PDFs)."""
