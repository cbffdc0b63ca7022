"""The directory: models, every write (service functions), the outbox, demo data, import and export."""
