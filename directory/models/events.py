"""Programmes, their events (workshops), who took part, and which partner covers which country and topic."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.errors import field_error
from directory.models.base import GraphRecord
from directory.models.geography import City, Country
from directory.models.institutions import Organisation
from directory.models.loading import MadeFromRows
from directory.models.people import Officer
from directory.models.topics import Topic


class Programme(GraphRecord):
    """A programme of capacity building, funded by donors."""

    name = models.CharField(max_length=300, unique=True)
    name_ru = models.CharField("name (Russian)", max_length=300, blank=True)
    component = models.CharField(max_length=300, blank=True)
    started_on = models.DateField(null=True, blank=True, help_text="The day it started, when the sources give it.")
    # The 2017 programme's sources give the year only: a made-up day would be read as a fact.
    started_in = models.PositiveSmallIntegerField(
        "year started", null=True, blank=True, help_text="The year it started, when the day is not known."
    )
    implementer = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="programmes_implemented"
    )
    donors = models.ManyToManyField(Organisation, blank=True, related_name="programmes_funded")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def start_year(self) -> int | None:
        """The year the programme started, from the day when known."""
        return self.started_on.year if self.started_on else self.started_in

    def clean(self) -> None:
        """The year started, when given with the day, is the day's year."""
        if self.started_on and self.started_in and self.started_in != self.started_on.year:
            raise field_error(
                "started_in",
                f"The year started ({self.started_in}) is not the year of the day started ({self.started_on}); "
                "fix either, or leave the year empty.",
                code="year_mismatch",
            )


class Event(GraphRecord):
    """A workshop or meeting: when, where, on what, by whom."""

    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=100, blank=True, help_text="How people refer to it: Drugs@Online.")
    title_ru = models.CharField("title (Russian)", max_length=300, blank=True)
    short_title_ru = models.CharField("short title (Russian)", max_length=100, blank=True)
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="events")
    starts_on = models.DateField()
    ends_on = models.DateField()
    topics = models.ManyToManyField(Topic, blank=True, related_name="events")
    organisers = models.ManyToManyField(Organisation, blank=True, related_name="events_organised")
    trainers = models.ManyToManyField(Organisation, blank=True, related_name="events_trained")

    class Meta:
        ordering = ["starts_on", "title"]

    def __str__(self) -> str:
        return f"{self.short_title or self.title}, {self.city}, {self.starts_on:%B %Y}"

    def clean(self) -> None:
        """An event cannot end before it starts."""
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise field_error(
                "ends_on",
                f"The event ends ({self.ends_on}) before it starts ({self.starts_on}); fix either date.",
                code="dates_reversed",
            )


class Participation(MadeFromRows):
    """An officer at an event, in a role, with their rating of it."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        TRAINER = "trainer", _("Trainer")
        ORGANISER = "organiser", _("Organiser")

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        VERY_GOOD = "very_good", _("Very good")
        GOOD = "good", _("Good")
        FAIR = "fair", _("Fair")
        POOR = "poor", _("Poor")

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="participations")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    wants_more = models.BooleanField(default=False, help_text="Asked for more activities of this kind.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["officer", "event"], name="participation_once")]


class Coverage(GraphRecord):
    """A partner organisation supporting a country on a topic, or, when `excluded`, a steward saying it does not."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="coverage")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="coverage")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="coverage")
    note = models.CharField(max_length=300, blank=True)
    # A partner that trained at a workshop covers its topics for the countries whose officers attended; a
    # steward who knows better records an exclusion rather than deleting what the training implies.
    excluded = models.BooleanField(
        default=False,
        help_text="The partner does not cover this country on this topic (nor its sub-topics), whatever its "
        "training at workshops implies.",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "country", "topic"], name="coverage_once")]
        verbose_name_plural = "coverage"

    def __str__(self) -> str:
        return f"{self.organisation} · {self.country} · {self.topic}"
