"""Agencies of the region and the partner organisations that support them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.base import NamedInScripts
from directory.models.geography import City, Country


class Agency(NamedInScripts):
    """A law-enforcement or justice body of one country: a ministry, a prosecutor's office, a unit."""

    class Kind(models.TextChoices):
        PROSECUTOR = "prosecutor", _("Prosecutor's office")
        INTERIOR = "interior", _("Ministry of interior")
        FIU = "fiu", _("Financial intelligence unit")
        CUSTOMS = "customs", _("Customs")
        DRUG_CONTROL = "drug_control", _("Drug control agency")
        SECURITY = "security", _("State security service")
        OTHER = "other", _("Other")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="agencies")
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.SET_NULL, related_name="agencies")

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "agencies"
        constraints = [models.UniqueConstraint(fields=["country", "name_en"], name="agency_unique_per_country")]


class Organisation(NamedInScripts):
    """A partner, donor, embassy or UNODC unit that organises, funds or teaches."""

    class Kind(models.TextChoices):
        UN_UNIT = "un_unit", _("UNODC unit or programme")
        GOVERNMENT = "government", _("Government (donor)")
        EMBASSY = "embassy", _("Embassy")
        LAW_ENFORCEMENT = "law_enforcement", _("Foreign law-enforcement body")
        NGO = "ngo", _("Non-governmental organisation")
        OTHER = "other", _("Other")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text="Where it is based; empty for international bodies.",
    )
    website = models.URLField(blank=True)
    acronym = models.CharField(max_length=30, blank=True, help_text="How it is abbreviated: ICMEC, FBI, DCSA.")
    other_names = models.CharField(
        max_length=500,
        blank=True,
        help_text="Other names it is known by, in any language, separated by semicolons: ФБР; Federal Bureau.",
    )

    class Meta:
        ordering = ["name_en"]
        constraints = [models.UniqueConstraint(fields=["name_en"], name="organisation_unique_name")]
