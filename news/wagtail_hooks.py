"""Admin of the news app: event registrations and topic proposals, in one menu group."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from .events.admin import EventRegistrationViewSet, event_registrations_button
from .trainings.admin import TopicProposalViewSet


class NewsAdminGroup(ViewSetGroup):
    menu_label = "Inscriptions et sujets"
    menu_icon = "form"
    menu_order = 250
    items = (EventRegistrationViewSet, TopicProposalViewSet)


@hooks.register("register_admin_viewset")
def register_news_admin():
    return NewsAdminGroup()


hooks.register("register_page_header_buttons", event_registrations_button)
