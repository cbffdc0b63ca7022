"""What a user follows: countries, topics, agencies or partners, with a daily or weekly e-mail digest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    """One thing a user follows, and how often they hear what changed there."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        TOPIC = "topic", _("Topic")
        AGENCY = "agency", _("Agency")
        PARTNER = "partner", _("Partner")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    country = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("directory.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("directory.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    language = models.CharField(max_length=8, default="en", help_text="The language the digest is written in.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True, help_text="Changes after this go in the next digest.")

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "country"], name="subscription_once_per_country"),
            models.UniqueConstraint(fields=["user", "topic"], name="subscription_once_per_topic"),
            models.UniqueConstraint(fields=["user", "agency"], name="subscription_once_per_agency"),
            models.UniqueConstraint(fields=["user", "organisation"], name="subscription_once_per_partner"),
        ]

    @property
    def target(self) -> models.Model | None:
        """The country, topic, agency or partner followed."""
        return {
            self.Kind.COUNTRY: self.country,
            self.Kind.TOPIC: self.topic,
            self.Kind.AGENCY: self.agency,
            self.Kind.PARTNER: self.organisation,
        }.get(self.Kind(self.kind))
