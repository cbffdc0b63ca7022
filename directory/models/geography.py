"""Countries, their land borders, cities and languages."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from directory.errors import field_error
from directory.models.base import NamedInScripts
from directory.models.loading import MadeFromRows

iso_country_code = RegexValidator(r"^[A-Z]{2}$", "Use an ISO 3166-1 alpha-2 code in capitals, such as KZ.")
iso_language_code = RegexValidator(r"^[a-z]{2,3}$", "Use an ISO 639 code in lower case, such as ru or uz.")


class Country(NamedInScripts):
    """A country, with the countries it shares a land border with."""

    code = models.CharField("ISO code", max_length=2, unique=True, validators=[iso_country_code])
    neighbours = models.ManyToManyField("self", blank=True, symmetrical=True, verbose_name="land borders")

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "countries"

    def clean(self) -> None:
        """Reject a code in the wrong case before the validator's generic message."""
        if self.code and self.code != self.code.upper():
            raise field_error("code", f"Write the ISO code in capitals: {self.code.upper()}.", code="lowercase_code")


class City(NamedInScripts):
    """A city, in one country."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities")

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "cities"
        constraints = [models.UniqueConstraint(fields=["country", "name_en"], name="city_unique_per_country")]


class Language(MadeFromRows):
    """A language officers speak, by ISO 639 code."""

    code = models.CharField(max_length=3, unique=True, validators=[iso_language_code])
    name_en = models.CharField(max_length=100)
    name_ru = models.CharField(max_length=100, blank=True)
    name_kk = models.CharField(max_length=100, blank=True)
    name_uz = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en
