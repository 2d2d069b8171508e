"""All measurement in one place: synthetic data, the sizes benchmark, the catalogue and CLI timings,
the endpoint load test and the HTML view bench. Like the command line, it ties graph, queries and viz."""
