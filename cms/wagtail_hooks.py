from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Collectivity


class CollectivityViewSet(SnippetViewSet):
    model = Collectivity
    icon = "group"
    menu_label = "Collectivités"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "kind", "joined_year"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


register_snippet(CollectivityViewSet)
