"""GraphQL: the Strawberry schema, types, filters, mutations and permissions."""
