"""Officers: who they are, where they work, what they know, how to reach them, who knows them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.errors import field_error
from directory.models.base import GraphRecord, transliterate
from directory.models.geography import Language
from directory.models.institutions import Agency
from directory.models.loading import MadeFromRows
from directory.models.topics import Topic


class Officer(GraphRecord):
    """A law-enforcement officer in the directory."""

    name_native = models.CharField("name (native script)", max_length=200)
    name_latin = models.CharField("name (Latin script)", max_length=200)
    name_ascii = models.CharField(max_length=400, blank=True, editable=False)
    position = models.CharField(max_length=200, blank=True)
    rank = models.CharField(max_length=100, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="officers")
    languages = models.ManyToManyField(Language, blank=True, related_name="officers")
    is_demo = models.BooleanField(default=False, help_text="Generated for the demonstration; not a real person.")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    last_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name_latin"]

    def __str__(self) -> str:
        suffix = " (demo)" if self.is_demo else ""
        return f"{self.name_latin}{suffix}"

    def save(self, *args: object, **kwargs: object) -> None:
        """Keep the Latin transliteration beside the names."""
        self.derive_fields()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def derive_fields(self) -> None:
        """Set the Latin transliteration from the names (bulk writes call this too)."""
        self.name_ascii = transliterate(self.name_latin, self.name_native)


class Expertise(MadeFromRows):
    """An officer's knowledge of a topic, at a level."""

    class Level(models.IntegerChoices):
        WORKING = 1, _("Working knowledge")
        EXPERIENCED = 2, _("Experienced")
        EXPERT = 3, _("Expert")

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="expertise")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="expertise")
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.WORKING)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["officer", "topic"], name="expertise_once_per_topic")]


class ContactChannel(MadeFromRows):
    """One way to reach an officer, with who may see it."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        MOBILE = "mobile", _("Mobile")
        MESSENGER = "messenger", _("Messenger")
        HOTLINE = "hotline_24_7", _("24/7 point of contact")

    class Visibility(models.TextChoices):
        SIGNED_IN = "signed_in", _("Anyone signed in")
        VERIFIED = "verified", _("Verified officers and staff")
        STAFF = "staff", _("Programme staff and stewards")
        STEWARDS = "stewards", _("Stewards only")

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.CharField(max_length=200)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.VERIFIED)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["officer", "kind", "value"], name="contact_channel_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class Acquaintance(models.Model):
    """Two officers who know each other: met at an event, or declared by one of them."""

    class Source(models.TextChoices):
        MET_AT_EVENT = "met_at_event", _("Met at an event")
        DECLARED = "declared", _("Declared")

    officer_a = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="+")
    officer_b = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.DECLARED)
    event = models.ForeignKey("directory.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["officer_a", "officer_b"], name="acquaintance_once"),
            # Stored with the smaller id first, so a pair is one row whichever way it was declared.
            models.CheckConstraint(
                condition=models.Q(officer_a__lt=models.F("officer_b")), name="acquaintance_ordered"
            ),
        ]

    def clean(self) -> None:
        """An officer is not their own acquaintance; a meeting at an event names the event."""
        if self.officer_a_id is not None and self.officer_a_id == self.officer_b_id:
            raise field_error(
                "officer_b",
                "An officer cannot be their own acquaintance; choose another officer.",
                code="self_acquaintance",
            )
        if self.source == self.Source.MET_AT_EVENT and self.event_id is None:
            raise field_error(
                "event", "Name the event where they met, or record the acquaintance as declared.", code="missing_event"
            )
