"""The directory's pages, one module per area."""
