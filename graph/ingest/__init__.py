"""`vdg ingest`: read a new Vietnamese article and propose sourced facts, in the curated YAML
format, for a person to review (nothing enters the graph without review)."""
