"""Importers of structured sources: each writes one curated YAML file of graph/data/ from a
maintained package's dataset (DESIGN.md §3), so that the records cite package, version and record
code instead of quotes. The packages are optional (`pip install vdg[import]`): the committed YAML
is the data, an importer is only needed to regenerate it."""
