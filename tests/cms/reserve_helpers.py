"""Builders for the pre-election period tests: the period's dates and a news page with
an élu's quote marked « promotion institutionnelle », an unmarked quote and a marked
call to action."""

import datetime

from cms import electoral_reserve
from cms.models import SiteSettings
from tests.news.conftest import add_news

MARKED_QUOTE = "Le Département a tenu ses promesses envers chaque commune."
UNMARKED_QUOTE = "Nous avons gagné deux semaines sur chaque dossier."
MARKED_CTA = "Votez pour le bilan du mandat"


def set_period(site, start=None, end=None):
    """The site's period; dates as days from today in Paris (ints) or dates."""
    today = electoral_reserve.today()

    def day(value):
        if isinstance(value, int):
            return today + datetime.timedelta(days=value)
        return value

    settings = SiteSettings.for_site(site)
    settings.electoral_reserve_start = day(start)
    settings.electoral_reserve_end = day(end)
    settings.save()
    return settings


def quote(text, marked):
    value = {
        "quote": text,
        "author": "",
        "role": "Vice-président",
        "institutional_promotion": marked,
    }
    return {"type": "quote", "value": value}


def marked_body(target_page):
    return [
        {"type": "paragraph", "value": "<p>Ce que le projet a changé.</p>"},
        quote(MARKED_QUOTE, True),
        quote(UNMARKED_QUOTE, False),
        {
            "type": "call_to_action",
            "value": {
                "title": MARKED_CTA,
                "text": "",
                "link_label": "En savoir plus",
                "page": target_page.pk,
                "url": "",
                "institutional_promotion": True,
            },
        },
    ]


def add_marked_news(news_index):
    return add_news(news_index, title="Un bilan en trois chiffres", body=marked_body(news_index))
