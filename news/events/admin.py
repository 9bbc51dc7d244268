"""Admin of the agenda: event registrations (with CSV export), and the registrations
button on an event's page header (both registered in news/wagtail_hooks.py)."""

from django.forms import modelform_factory
from django.urls import reverse
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import Page
from wagtail.permissions import policy_registry

from cms.exports import FrenchExportIndexView

from .models import EventRegistration
from .pages import EventPage
from .registrations import cancel, fill_from_waiting_list, register

REGISTRATION_EXPORT_HEADINGS = {
    "event_title": "Événement",
    "event_start": "Début",
    "name": "Nom et prénom",
    "email": "Adresse électronique",
    "organisation": "Collectivité ou organisme",
    "accessibility_needs": "Besoins d'adaptation",
    "get_status_display": "Statut",
    "created_at": "Inscrit le",
    "promoted_at": "Sorti de la liste d'attente le",
    "cancelled_at": "Annulée le",
}


class RegistrationIndexView(FrenchExportIndexView):
    export_subject = "inscriptions aux événements"

    def get_export_log_instances(self, queryset):
        # Recorded in the history of each event exported (usually one: the sign-in sheet).
        events = Page.objects.filter(pk__in=queryset.values("event_id")).order_by("pk")
        return list(events) or super().get_export_log_instances(queryset)


class RegistrationCreateView(CreateView):
    """An inscription typed in by EMI follows the same rule: a place, else the waiting list."""

    def save_instance(self):
        data = self.form.cleaned_data
        return register(
            data["event"].specific,
            name=data["name"],
            email=data["email"],
            organisation=data.get("organisation", ""),
            accessibility_needs=data.get("accessibility_needs", ""),
            request=self.request,
        )


class RegistrationEditView(EditView):
    """Cancelling from the admin frees the place for the first person waiting."""

    def save_instance(self):
        previous = EventRegistration.objects.get(pk=self.object.pk).status
        instance = self.form.instance
        wants_cancel = (
            instance.status == EventRegistration.Status.CANCELLED
            and previous != EventRegistration.Status.CANCELLED
        )
        if wants_cancel:
            instance.status = previous
        instance = super().save_instance()
        if wants_cancel:
            instance, _promoted = cancel(instance, request=self.request)
        else:
            fill_from_waiting_list(instance.event, request=self.request)
        return instance


class EventRegistrationViewSet(ModelViewSet):
    model = EventRegistration
    name = "event_registrations"
    url_prefix = "inscriptions"
    icon = "group"
    menu_label = "Inscriptions aux événements"
    index_view_class = RegistrationIndexView
    add_view_class = RegistrationCreateView
    edit_view_class = RegistrationEditView
    list_display = ["name", "email", "event", "status", "created_at"]
    list_filter = ["event", "status"]
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None
    list_export = list(REGISTRATION_EXPORT_HEADINGS)
    export_headings = REGISTRATION_EXPORT_HEADINGS
    export_filename = "inscriptions-evenements"
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        fields = ["name", "email", "organisation", "accessibility_needs"]
        fields = fields + ["status"] if for_update else ["event"] + fields
        return modelform_factory(
            self.model,
            form=WagtailAdminModelForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=fields,
        )


registration_permissions = policy_registry.get_by_type(EventRegistration)


def event_registrations_button(page, user, view_name, next_url=None):
    """On an event with the site's form: a link to its registrations (and their CSV)."""
    if page.specific_class is not EventPage:
        return
    event = page.specific_deferred
    if not event.uses_registration_form:
        return
    if not registration_permissions.user_has_permission(user, "view"):
        return
    url = reverse("event_registrations:index") + f"?event={page.pk}"
    yield Button(
        f"Inscriptions ({event.confirmed_count}/{event.capacity or 0})",
        url=url,
        icon_name="group",
        priority=40,
    )
