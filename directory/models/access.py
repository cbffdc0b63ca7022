"""Who may reach Liaison from another system, and the append-only record of who saw and changed what."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from directory.models.loading import MadeFromRows


class ApiToken(MadeFromRows):
    """A bearer token for an integration: only its prefix and a keyed hash are kept, never the token itself."""

    class Scope(models.TextChoices):
        READ = "read", "Read"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for: the integration that holds it.")
    prefix = models.CharField(max_length=8, unique=True, help_text="The first characters after lsn_, for lookup.")
    key_hash = models.CharField(max_length=64, help_text="HMAC-SHA256 of the whole token, keyed with a server secret.")
    scopes = models.CharField(max_length=50, help_text="Space-separated: read, write (write implies read).")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Set once the token is bound to trusted documents, and kept when the last is unbound: a bound token that lost
    # its documents runs nothing, rather than anything. Only `api_documents unbind --free` clears it.
    documents_only = models.BooleanField(
        default=False, help_text="Runs only the trusted documents bound to it (manage.py api_documents)."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} (lsn_{self.prefix}…)"

    @property
    def scope_list(self) -> list[str]:
        """The scopes as stored, in order."""
        return self.scopes.split()

    def allows(self, scope: str) -> bool:
        """Whether the token grants `scope`; write implies read."""
        granted = set(self.scope_list)
        return scope in granted or (scope == self.Scope.READ and self.Scope.WRITE in granted)

    @property
    def state(self) -> str:
        """active, expired or revoked."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "expired"
        return "active"


class AppendOnlyError(Exception):
    """An attempt to change or remove a row of an append-only log."""


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk updates and deletes, so the logs cannot be rewritten through the ORM's front door."""

    def update(self, **kwargs: Any) -> int:
        """Refuse: log rows are never changed."""
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only; rows cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        """Refuse: log rows are never removed."""
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only; rows cannot be deleted.")


class AppendOnlyLog(models.Model):
    """A log row that can be written once and then only read."""

    # Erasing a user still nulls their link through the base manager; only the default manager refuses.
    objects = AppendOnlyQuerySet.as_manager()
    # The only columns that erasure may overwrite (with a tombstone): never who acted, when, or what they did.
    erasable_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert a new row; refuse to update an existing one."""
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name} #{self.pk} is append-only; it cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Refuse: log rows are never removed."""
        raise AppendOnlyError(f"{self._meta.verbose_name} #{self.pk} is append-only; it cannot be deleted.")

    @classmethod
    def overwrite_erased_values(cls, rows: list[Any], fields: tuple[str, ...]) -> int:
        """Store these rows' new values of `fields` (erasable ones only); the erasure service's path, and no other."""
        refused = sorted(set(fields) - set(cls.erasable_fields))
        if refused:
            raise AppendOnlyError(
                f"{cls._meta.verbose_name_plural} are append-only; erasure may overwrite only "
                f"{', '.join(cls.erasable_fields) or 'nothing'}, not {', '.join(refused)}."
            )
        for row in rows:
            # One row at a time: few rows per erased person, and JSON columns update alike on every database.
            cls._base_manager.filter(pk=row.pk).update(**{name: getattr(row, name) for name in fields})
        return len(rows)


class ContactAccessLog(AppendOnlyLog):
    """One view of an officer's contact details: who looked, whom at, when, through what and why."""

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    viewer_username = models.CharField(max_length=150, blank=True, help_text="Kept when the account is removed.")
    # A UUID, not a link, and no name: the log outlives the officer's erasure without keeping who they were.
    officer_uuid = models.UUIDField(db_index=True)
    channel_count = models.PositiveIntegerField(help_text="How many contact channels were shown.")
    operation = models.CharField(max_length=100, help_text="The page or GraphQL operation that showed them.")
    reason = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    # The viewer's words may name the person looked up; an erased viewer's username may name them.
    erasable_fields = ("reason", "viewer_username")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "contact access"
        verbose_name_plural = "contact access log"

    def __str__(self) -> str:
        return f"{self.viewer_username or 'unknown'} viewed {self.officer_uuid} at {self.at:%Y-%m-%d %H:%M}"


class ChangeLog(AppendOnlyLog):
    """One change to a directory record: who, in which request, and the values before and after."""

    class Action(models.TextChoices):
        CREATE = "create", "Create"
        UPDATE = "update", "Update"
        DELETE = "delete", "Delete"

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_username = models.CharField(max_length=150, blank=True, help_text="Kept when the account is removed.")
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    aggregate = models.CharField(max_length=20)
    record_uuid = models.UUIDField(db_index=True)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    # An erased person's values in the record's fields, and their username when they were the actor (the actor
    # link to their anonymised account stays, so who acted is still known).
    erasable_fields = ("before", "after", "actor_username")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "change"
        verbose_name_plural = "change log"

    def __str__(self) -> str:
        return f"{self.actor_username or 'system'} {self.action}d {self.aggregate} {self.record_uuid}"


class ContactExport(AppendOnlyLog):
    """One download of officers' entries (a list, an attendance list, a vCard): who, what filter, how many."""

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    viewer_username = models.CharField(max_length=150, blank=True, help_text="Kept when the account is removed.")
    kind = models.CharField(max_length=30, help_text="What was exported: officers, attendance or vcard.")
    file_format = models.CharField(max_length=10, help_text="csv, xlsx, json or vcf.")
    filter = models.TextField(blank=True, help_text="The filter the rows were chosen by, as the viewer gave it.")
    officer_count = models.PositiveIntegerField(help_text="How many officers' entries the file holds.")
    channel_count = models.PositiveIntegerField(help_text="How many contact values the file holds.")
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    # A filter may hold a name the viewer typed; an erased viewer's username may name them.
    erasable_fields = ("filter", "viewer_username")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "contact export"
        verbose_name_plural = "contact exports"

    def __str__(self) -> str:
        return (
            f"{self.viewer_username or 'unknown'} exported {self.kind}.{self.file_format} at {self.at:%Y-%m-%d %H:%M}"
        )
