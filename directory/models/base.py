"""What every record that reaches the graph shares: a stable UUID and a version for ordering."""

from __future__ import annotations

import uuid

from anyascii import anyascii
from django.db import models

from directory.models.loading import MadeFromRows


class GraphRecord(MadeFromRows):
    """A record projected to Neo4j: identified there by `uuid`, ordered there by `version`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class NamedInScripts(GraphRecord):
    """A record named in English, Russian, Kazakh, Uzbek and the local language, with a Latin form for search."""

    name_en = models.CharField("name (English)", max_length=200)
    name_ru = models.CharField("name (Russian)", max_length=200, blank=True)
    name_kk = models.CharField("name (Kazakh)", max_length=200, blank=True)
    name_uz = models.CharField("name (Uzbek, Latin script)", max_length=200, blank=True)
    name_local = models.CharField("name (local language)", max_length=200, blank=True)
    name_ascii = models.CharField(max_length=600, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name_en

    def save(self, *args: object, **kwargs: object) -> None:
        """Keep the Latin transliteration beside the original names."""
        self.derive_fields()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def derive_fields(self) -> None:
        """Set the Latin transliteration from the names (bulk writes call this too)."""
        # Not the Kazakh and Uzbek names: search answers in English and Russian, and more words per record would
        # push records down the full-text ranking (a topic's own English word ranks it first today).
        self.name_ascii = transliterate(self.name_en, self.name_ru, self.name_local)


def transliterate(*names: str) -> str:
    """Latin forms of the given names (Kazakh, Uzbek, Tajik and Russian letters included), space-joined."""
    seen: list[str] = []
    for name in names:
        latin = anyascii(name or "").strip()
        if latin and latin not in seen:
            seen.append(latin)
    return " ".join(seen)
