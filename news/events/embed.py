"""/agenda/embed/?collectivite=<slug>: the next events of a collectivité, as a small page
another site frames (cms.embeds)."""

from urllib.parse import urlencode

from django.apps import apps
from django.template.response import TemplateResponse
from django.utils import timezone

from cms.embeds import EMBED_LENGTH, frameable
from cms.feeds import collectivity_from_query, scope_title
from cms.site_address import absolute_url


@frameable
def event_embed(index, request):
    collectivity = collectivity_from_query(request)
    # By name: the event page's module imports this one.
    events = (
        apps.get_model("news", "EventPage")
        .objects.live()
        .public()
        .descendant_of(index)
        .filter(end__gte=timezone.now())
    )
    if collectivity is not None:
        events = events.filter(collectivity=collectivity)
    shown = list(events.select_related("collectivity").order_by("start", "pk")[:EMBED_LENGTH])
    for event in shown:
        event.embed_url = absolute_url(event.get_url(request))
    query = "?" + urlencode({"collectivite": collectivity.slug}) if collectivity else ""
    return TemplateResponse(
        request,
        "news/events/embed.html",
        {
            "embed_title": scope_title(
                "Prochains événements de l'EMI", collectivity.name if collectivity else ""
            ),
            "events": shown,
            "total": events.count() if len(shown) == EMBED_LENGTH else len(shown),
            "collectivity": collectivity,
            "full_list_url": absolute_url(index.get_url(request)) + query,
            "site_url": absolute_url("/"),
        },
    )
