"""Admin of the trainings: the topic proposals services send (with CSV export)."""

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from cms.exports import FrenchExportIndexView

from .models import TopicProposal

TOPIC_EXPORT_HEADINGS = {
    "created_at": "Reçue le",
    "problem": "Problème à résoudre",
    "service": "Service concerné",
    "collectivity": "Collectivité",
    "sponsor": "Commanditaire",
    "contact_name": "Contact",
    "contact_email": "Adresse électronique",
    "contact_phone": "Téléphone",
    "get_status_display": "Statut",
    "cohort": "Promotion",
    "status_note": "Note de l'EMI",
}


class TopicProposalIndexView(FrenchExportIndexView):
    export_subject = "propositions de sujets"


class TopicProposalViewSet(ModelViewSet):
    model = TopicProposal
    name = "topic_proposals"
    url_prefix = "propositions-de-sujets"
    icon = "help"
    menu_label = "Propositions de sujets"
    index_view_class = TopicProposalIndexView
    list_display = [
        Column("short_problem", label="Problème à résoudre"),
        "service",
        "collectivity",
        "created_at",
        "status",
    ]
    list_filter = ["status", "collectivity", "cohort"]
    search_fields = ["problem", "service", "sponsor", "contact_name"]
    search_backend_name = None
    list_export = list(TOPIC_EXPORT_HEADINGS)
    export_headings = TOPIC_EXPORT_HEADINGS
    export_filename = "propositions-de-sujets"
    copy_view_enabled = False
