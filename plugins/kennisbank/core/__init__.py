"""The core: content files in, an immutable KnowledgeBase and every problem out. No Jinja, no output formats."""
