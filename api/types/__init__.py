"""GraphQL types of the directory's records and of the graph's answers."""
