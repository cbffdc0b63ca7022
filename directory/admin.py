"""The Django admin for data stewards: every save and delete goes through the directory services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from directory import models as m
from directory.admin_widgets import ChoicesReadOnce, LabelledAutocomplete, LabelsReadOnce
from directory.permissions import ensure_can_change
from directory.services import contacts as contact_services
from directory.services import events as event_services
from directory.services import officers as officer_services
from directory.services.access import log_contact_access
from directory.services.publishing import Aggregate, delete_and_publish, save_and_publish, touch
from directory.visibility import Viewer

# The operation the contact-access log names for a view of an officer's page in the admin.
ADMIN_OFFICER_OPERATION = "admin:officer"


def may_change(user: Viewer, record: Any) -> bool:
    """Whether directory.permissions lets this user change this record (a steward: only their own country's)."""
    try:
        ensure_can_change(user, record)
    except PermissionDenied:
        return False
    return True


class ServiceAdmin(admin.ModelAdmin):
    """Saves and deletes through the services, so each change writes its outbox event in the same transaction."""

    aggregate: str

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Django's model permission, and then the directory's rule for this record."""
        return super().has_change_permission(request, obj) and (obj is None or may_change(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Django's model permission, and then the directory's rule for this record."""
        return super().has_delete_permission(request, obj) and (obj is None or may_change(request.user, obj))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Validate, bump the version, save and publish (inlines and many-to-many follow in the same transaction)."""
        # The record as it will be (a new one, or one moved to another country) must be the user's to change too.
        ensure_can_change(request.user, obj)
        save_and_publish(obj, self.aggregate)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        """Delete and publish the removal."""
        ensure_can_change(request.user, obj)
        delete_and_publish(obj, self.aggregate)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows go through the services too, each kept, changed or removed row by its own service call."""
        if not isinstance(formset, ServiceInlineFormSet):
            raise TypeError(f"{type(formset).__name__} has no service to save its rows through.")
        # Sorts the rows into new, changed and deleted (the admin's history reads them too); writes nothing.
        formset.save(commit=False)
        if formset.has_changed():
            formset.save_through_services(form.instance, request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        """Delete each record through the service, never in bulk behind the outbox's back."""
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(m.Country)
class CountryAdmin(ServiceAdmin):
    aggregate = Aggregate.COUNTRY
    list_display = ("code", "name_en", "name_ru", "name_local")
    search_fields = ("code", "name_en", "name_ru", "name_kk", "name_uz", "name_local", "name_ascii")
    filter_horizontal = ("neighbours",)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """A changed border changes both countries: re-project the neighbours on either side."""
        before = set(form.instance.neighbours.all()) if change else set()
        super().save_related(request, form, formsets, change)
        changed = before ^ set(form.instance.neighbours.all())
        if changed:
            touch(changed, Aggregate.COUNTRY, links=["borders"])


@admin.register(m.City)
class CityAdmin(ServiceAdmin):
    aggregate = Aggregate.CITY
    list_display = ("name_en", "name_ru", "country")
    list_filter = ("country",)
    search_fields = ("name_en", "name_ru", "name_kk", "name_uz", "name_local", "name_ascii")


class TopicForm(forms.ModelForm):
    """A topic's form: the broader topics chosen may not include the topic itself or one of its sub-topics."""

    class Meta:
        model = m.Topic
        fields = ("slug", "name_en", "name_ru", "name_kk", "name_uz", "name_local", "broader")

    def clean_broader(self) -> Any:
        """Refuse a cycle, naming the field."""
        chosen = self.cleaned_data["broader"]
        try:
            self.instance.check_broader(chosen)
        except ValidationError as error:
            raise ValidationError(error.message_dict["broader"]) from None
        return chosen


@admin.register(m.Topic)
class TopicAdmin(ServiceAdmin):
    aggregate = Aggregate.TOPIC
    form = TopicForm
    list_display = ("name_en", "slug", "broader_topics")
    search_fields = ("name_en", "name_ru", "name_kk", "name_uz", "slug")
    filter_horizontal = ("broader",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        """The broader topics of each row, in one more query."""
        return super().get_queryset(request).prefetch_related("broader")

    @admin.display(description="broader topics")
    def broader_topics(self, topic: m.Topic) -> str:
        """The broader topics, comma-separated."""
        return ", ".join(str(broader) for broader in topic.broader.all())


@admin.register(m.Agency)
class AgencyAdmin(ServiceAdmin):
    aggregate = Aggregate.AGENCY
    list_display = ("name_en", "kind", "country")
    list_filter = ("kind", "country")
    search_fields = ("name_en", "name_ru", "name_kk", "name_uz", "name_local", "name_ascii")


@admin.register(m.Organisation)
class OrganisationAdmin(ServiceAdmin):
    aggregate = Aggregate.ORGANISATION
    list_display = ("name_en", "kind", "country")
    # A partner's country may be empty, and Django joins only the non-null foreign keys it lists by itself.
    list_select_related = ("country",)
    list_filter = ("kind",)
    search_fields = ("name_en", "name_ru", "name_kk", "name_uz", "name_ascii")


@admin.register(m.Programme)
class ProgrammeAdmin(ServiceAdmin):
    aggregate = Aggregate.PROGRAMME
    list_display = ("name", "component", "started_in", "started_on")
    filter_horizontal = ("donors",)


class ServiceInlineFormSet(BaseInlineFormSet):
    """An inline whose rows the admin saves through a directory service (see `ServiceAdmin.save_formset`)."""

    def save_through_services(self, parent: Any, user: Viewer) -> None:
        """Write the inline's new, changed and deleted rows through the services."""
        raise NotImplementedError


class ParticipationRows(LabelsReadOnce, ServiceInlineFormSet):
    labelled_field = "officer"

    def save_through_services(self, parent: m.Event, user: Viewer) -> None:
        """Participations through record_participation and remove_participation."""
        # Attendance is part of each attendee's entry: a steward may change only their own country's (else 403, and
        # the admin's transaction undoes the whole save).
        moved = [
            m.Participation.objects.get(pk=row.pk).officer
            for row, fields in self.changed_objects
            if "officer" in fields
        ]
        for row in [*self.deleted_objects, *self.new_objects, *(row for row, _ in self.changed_objects)]:
            ensure_can_change(user, row.officer)
        for officer in moved:
            ensure_can_change(user, officer)
        for participation in self.deleted_objects:
            event_services.remove_participation(participation)
        for participation, fields in self.changed_objects:
            if "officer" in fields:  # moved to another officer: the first one no longer attended
                event_services.remove_participation(m.Participation.objects.get(pk=participation.pk))
        for participation in [*self.new_objects, *(row for row, _ in self.changed_objects)]:
            event_services.record_participation(
                participation.officer,
                parent,
                role=participation.role,
                rating=participation.rating,
                wants_more=participation.wants_more,
            )


class ExpertiseRows(ChoicesReadOnce, ServiceInlineFormSet):
    shared_choices_field = "topic"

    def save_through_services(self, parent: m.Officer, user: Viewer) -> None:
        """The whole expertise through set_expertise, once."""
        kept = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE", False)]
        officer_services.set_expertise(parent, {row["topic"]: row["level"] for row in kept})


class ContactChannelRows(ServiceInlineFormSet):
    def save_through_services(self, parent: m.Officer, user: Viewer) -> None:
        """Contact channels through add, update and remove services."""
        for channel in self.deleted_objects:
            contact_services.remove_contact_channel(channel)
        for channel, _ in self.changed_objects:
            contact_services.update_contact_channel(
                channel, kind=channel.kind, value=channel.value, visibility=channel.visibility
            )
        for channel in self.new_objects:
            officer_services.add_contact_channel(
                parent, kind=channel.kind, value=channel.value, visibility=channel.visibility
            )


class ParticipationInline(admin.TabularInline):
    model = m.Participation
    formset = ParticipationRows
    extra = 0
    autocomplete_fields = ("officer",)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        """The attendee as Django's autocomplete, labelled with every other row's in one query (ParticipationRows)."""
        if db_field.name == "officer":
            kwargs["widget"] = LabelledAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(m.Event)
class EventAdmin(ServiceAdmin):
    aggregate = Aggregate.EVENT
    list_display = ("title", "city", "starts_on", "ends_on")
    list_filter = ("city__country",)
    search_fields = ("title", "short_title")
    filter_horizontal = ("topics", "organisers", "trainers")
    inlines = (ParticipationInline,)


class ExpertiseInline(admin.TabularInline):
    model = m.Expertise
    formset = ExpertiseRows
    extra = 0


class ContactChannelInline(admin.TabularInline):
    model = m.ContactChannel
    formset = ContactChannelRows
    extra = 0


@admin.register(m.Officer)
class OfficerAdmin(ServiceAdmin):
    aggregate = Aggregate.OFFICER
    list_display = ("name_latin", "name_native", "agency", "is_demo", "verified_at", "last_confirmed_at")
    list_filter = ("is_demo", "agency__country", "agency__kind")
    search_fields = ("name_latin", "name_native", "name_ascii")
    filter_horizontal = ("languages",)
    readonly_fields = ("verified_by", "verified_at", "last_confirmed_at")
    inlines = (ExpertiseInline, ContactChannelInline)
    actions = ("verify", "confirm_current")

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The officer's page, with every contact channel in its inline: logged like a view of the profile."""
        response = super().change_view(request, object_id, form_url, extra_context)
        self._log_contacts_shown(request, response, "original")
        return response

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None) -> Any:
        """The confirmation lists the contact channels that would go with the officer: logged too."""
        response = super().delete_view(request, object_id, extra_context)
        self._log_contacts_shown(request, response, "object")
        return response

    def _log_contacts_shown(self, request: HttpRequest, response: HttpResponse, context_name: str) -> None:
        # Only a rendered page shows contacts; a redirect after saving or deleting shows none.
        if not isinstance(response, TemplateResponse) or response.status_code != 200:
            return
        officer = (response.context_data or {}).get(context_name)
        if not isinstance(officer, m.Officer):
            return
        shown = officer.contacts.count()
        if shown:
            log_contact_access(
                viewer=request.user,  # type: ignore[arg-type]
                officer=officer,
                channel_count=shown,
                operation=ADMIN_OFFICER_OPERATION,
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        """Erase the officer: their node, their links and their acquaintances' links to them."""
        ensure_can_change(request.user, obj)
        officer_services.erase_officer(obj)

    @admin.action(description="Verify the selected officers")
    def verify(self, request: HttpRequest, queryset: QuerySet[m.Officer]) -> None:
        """Record that a steward checked these entries."""
        for officer in queryset:
            ensure_can_change(request.user, officer)  # every one first: a refusal leaves none half-done
        for officer in queryset:
            officer_services.verify_officer(officer, by=request.user)  # type: ignore[arg-type]
        self.message_user(request, f"{queryset.count()} officers verified.", messages.SUCCESS)

    @admin.action(description="Confirm the selected entries are current")
    def confirm_current(self, request: HttpRequest, queryset: QuerySet[m.Officer]) -> None:
        """Record that these entries are still correct today."""
        for officer in queryset:
            ensure_can_change(request.user, officer)  # every one first: a refusal leaves none half-done
        for officer in queryset:
            officer_services.confirm_officer_current(officer)
        self.message_user(request, f"{queryset.count()} entries confirmed.", messages.SUCCESS)


@admin.register(m.Coverage)
class CoverageAdmin(ServiceAdmin):
    aggregate = Aggregate.COVERAGE
    list_display = ("organisation", "country", "topic", "excluded")
    list_filter = ("country", "topic", "excluded")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or removed here: the application writes these rows itself."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(m.OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    """The outbox, written by the services and drained by the projector."""

    list_display = ("id", "aggregate", "aggregate_uuid", "deleted", "created_at", "applied_at", "attempts")
    list_filter = ("aggregate", "deleted")


@admin.register(m.User)
class LiaisonUserAdmin(UserAdmin):
    """People who sign in, with their role, country and officer entry."""

    list_display = ("username", "role", "country", "officer", "is_active")
    list_select_related = ("country", "officer")  # both may be empty: Django would fetch them row by row
    list_filter = ("role", "is_active")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Liaison", {"fields": ("role", "country", "officer")}))
    autocomplete_fields = ("officer",)


@admin.register(m.ChangeLog)
class ChangeLogAdmin(ReadOnlyAdmin):
    """Every change to a directory record: who, in which request, before and after."""

    list_display = ("at", "actor_username", "action", "aggregate", "record_uuid", "request_id")
    list_filter = ("action", "aggregate")
    search_fields = ("actor_username", "record_uuid", "request_id")
    date_hierarchy = "at"


@admin.register(m.ContactAccessLog)
class ContactAccessLogAdmin(ReadOnlyAdmin):
    """Every view of an officer's contact details: who looked up whom, when and why."""

    list_display = ("at", "viewer_username", "officer_uuid", "channel_count", "operation", "reason", "request_id")
    list_filter = ("operation",)
    search_fields = ("viewer_username", "officer_uuid", "request_id")
    date_hierarchy = "at"


@admin.register(m.ContactExport)
class ContactExportAdmin(ReadOnlyAdmin):
    """Every download of officers' entries: who, what, by which filter, how many entries and contact values."""

    list_display = ("at", "viewer_username", "kind", "file_format", "filter", "officer_count", "channel_count")
    list_filter = ("kind", "file_format")
    search_fields = ("viewer_username", "filter", "request_id")
    date_hierarchy = "at"


# The worker's and webhooks' pages.
from directory import admin_webhooks  # noqa: E402, F401
