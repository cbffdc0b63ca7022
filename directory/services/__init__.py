"""Every write to the directory: small functions, each one transaction that also writes its outbox event."""
