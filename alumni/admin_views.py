"""Admin: inviting alumni (one address, or a CSV file), for EMI moderators."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from cms.invitations import InvitationError

from .forms import InviteForm
from .invitations import CSVError, Invitee, invite_many, parse_csv
from .models import AlumniProfile


class InviteView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Replaces the "add" view of the profiles: a profile starts with an invitation."""

    model = AlumniProfile
    permission_required = "add"
    form_class = InviteForm
    template_name = "alumni/admin/invite.html"
    index_url_name = None
    add_url_name = None
    header_icon = "mail"
    page_title = "Inviter des alumni"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "Profils d'alumni"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse(self.add_url_name)
        context["submit_button_label"] = "Inviter"
        context["submit_button_active_label"] = "Invitation en cours…"
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if data["csv_file"]:
                invitees = parse_csv(data["csv_file"].read())
            else:
                invitees = [
                    Invitee(
                        email=data["email"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        job_title=data["job_title"],
                        collectivity=data["collectivity"],
                        cohort=data["cohort"],
                    )
                ]
            report = invite_many(invitees, resend=data["resend"])
        except CSVError as error:
            field = "csv_file"
            for line in error.errors:
                form.add_error(field, line)
            return self.form_invalid(form)
        except InvitationError as error:
            form.add_error("email" if data.get("email") else "csv_file", str(error))
            return self.form_invalid(form)
        details = ", ".join(
            f"{result.profile.full_name} ({result.label})" for result in report.results[:10]
        )
        if len(report.results) > 10:
            details += "…"
        messages.success(self.request, f"Invitations : {report.summary}. {details}")
        return redirect(self.index_url_name)
