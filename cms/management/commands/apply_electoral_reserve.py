"""At the start and at the end of a pre-election period (cms.electoral_reserve), clear
the cached pages of the site, here and in the edge cache: the blocks marked « promotion
institutionnelle » then disappear or come back on every page at once. Run by cron every
minute, with publish_scheduled (README, « Tâches planifiées »); a run that finds no
change does nothing but one query per site."""

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand
from wagtail.models import Site

from cms import electoral_reserve, page_cache

RUNNING, IDLE = "en cours", "hors période"


def state_key(site):
    return f"electoral_reserve:state:{site.pk}"


class Command(BaseCommand):
    help = (
        "Vide le cache des pages d'un site dont la période de réserve électorale vient de "
        "commencer ou de finir (à lancer chaque minute)."
    )

    def handle(self, *args, **options):
        cache = caches[settings.PAGE_CACHE_ALIAS]
        day = electoral_reserve.today()
        for site in Site.objects.order_by("pk"):
            state = RUNNING if electoral_reserve.is_running(site, day) else IDLE
            # An unknown state (first run, cache emptied) clears too: once, harmlessly.
            if cache.get(state_key(site)) == state:
                continue
            page_cache.invalidate_site(site)
            cache.set(state_key(site), state, timeout=None)
            self.stdout.write(
                f"Période de réserve électorale {state} sur {site.site_name or site.hostname} : "
                "cache des pages vidé."
            )
