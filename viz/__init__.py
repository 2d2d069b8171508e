"""HTML view of the graph (projection: RDF -> networkx; render: networkx -> offline HTML page;
network: GraphML/GEXF export; bench: timing of the page). Imports pyvis lazily, never queries."""
