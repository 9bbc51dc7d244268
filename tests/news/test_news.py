import datetime
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from taggit.models import Tag

from news.models import NewsPage, NewsSectionPage

from .conftest import add_collectivity, add_news, page_text

pytestmark = pytest.mark.django_db


def test_news_index_lists_news_of_emi_and_sections_newest_first(
    client, news_index, somme_news_section
):
    add_news(news_index, "Ouverture de la onzième session", date=datetime.date(2026, 10, 1))
    add_news(somme_news_section, "La Somme rejoint l'EMI", date=datetime.date(2026, 11, 3))
    news_index.add_child(
        instance=NewsPage(title="Brouillon secret", slug="brouillon", summary="x", live=False)
    )

    html = page_text(client.get("/actualites/"))

    assert html.index("La Somme rejoint l'EMI") < html.index("Ouverture de la onzième")
    assert "Brouillon secret" not in html
    assert "2 actualités." in html
    assert "Département de la Somme" in html  # the author of a section's news
    assert html.count("<h1") == 1


def test_news_in_a_section_takes_the_section_collectivity(news_index, somme_news_section):
    other = add_collectivity("Département de l'Isère", "isere")
    page = add_news(somme_news_section, "Atelier à Amiens", collectivity=other)
    assert page.collectivity == somme_news_section.collectivity
    emi_news = add_news(news_index, "Nouvelles de l'EMI", collectivity=other)
    assert emi_news.collectivity == other  # EMI moderators may attribute their own news


def test_news_filters_by_kind_collectivity_and_theme(client, news_index, somme_news_section):
    add_news(news_index, "Mesurer l'impact", tags=["Mesure d'impact"])
    add_news(somme_news_section, "Cantines des collèges", tags=["Expérience usager"])
    add_news(somme_news_section, "Accueil des familles", tags=["Mesure d'impact"])

    html = page_text(client.get("/actualites/", {"collectivite": "somme"}))
    assert "Cantines des collèges" in html and "Accueil des familles" in html
    assert "Mesurer l'impact" not in html

    html = page_text(
        client.get("/actualites/", {"collectivite": "somme", "thematique": "mesure-dimpact"})
    )
    assert "Accueil des familles" in html
    assert "Cantines des collèges" not in html
    assert "1 actualité pour ces filtres." in html

    html = page_text(client.get("/actualites/", {"type": "post-jury"}))
    assert "Aucune actualité ne correspond à ces filtres." in html


def test_unknown_filter_values_and_bad_pages_never_fail(client, news_index):
    for index in range(14):
        add_news(news_index, f"Nouvelle numéro {index}", date=datetime.date(2026, 1, 1 + index))
    for params in (
        {"collectivite": "nulle-part"},
        {"thematique": "<script>"},
        {"type": "inconnu"},
        {"page": "abc"},
        {"page": "999"},
        {"page": "-3"},
    ):
        response = client.get("/actualites/", params)
        assert response.status_code == 200, params
    html = page_text(client.get("/actualites/", {"collectivite": "nulle-part"}))
    assert "Un filtre inconnu a été ignoré" in html
    assert "14 actualités" in html
    last = page_text(client.get("/actualites/", {"page": "999"}))
    assert "Page 2 sur 2" in last and "Nouvelle numéro 0" in last


def test_pagination_keeps_the_filters(client, news_index):
    for index in range(13):
        add_news(news_index, f"Impact {index}", tags=["Mesure d'impact"])
    html = page_text(client.get("/actualites/", {"thematique": "mesure-dimpact"}))
    assert "?thematique=mesure-dimpact&page=2" in html


def test_section_page_lists_only_its_collectivity(client, news_index, somme_news_section):
    add_news(news_index, "Nouvelle de l'EMI")
    add_news(somme_news_section, "Nouvelle de la Somme")
    html = page_text(client.get("/actualites/somme/"))
    assert "Nouvelle de la Somme" in html
    assert "Nouvelle de l'EMI" not in html


def test_news_page_shows_date_author_themes_and_feed_links(client, news_index, somme_news_section):
    page = add_news(
        somme_news_section,
        "Album de vie des enfants confiés",
        date=datetime.date(2026, 11, 5),
        tags=["Expérience usager"],
    )
    html = page_text(client.get(page.url))
    assert "5 novembre 2026" in html
    assert "par Département de la Somme" in html
    slug = quote(Tag.objects.get(name="Expérience usager").slug)
    assert f'href="/actualites/?thematique={slug}"' in html
    assert 'type="application/rss+xml"' in html and 'href="/actualites/rss/"' in html
    assert f'<meta name="description" content="{page.summary}' in html.replace("'", "'")


def test_reserved_slugs_are_refused_for_news(news_index):
    page = NewsPage(title="Flux", slug="rss", summary="x")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "réservé" in str(error.value)


def test_section_form_locks_the_collectivity(news_index, somme_news_section):
    from cms.collectivity_rule import CollectivityLockedPageForm

    form_class = NewsPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, CollectivityLockedPageForm)
    form = form_class(instance=NewsPage(), parent_page=somme_news_section, for_user=None)
    field = form.fields["collectivity"]
    assert field.disabled
    assert list(field.queryset) == [somme_news_section.collectivity]
    emi_form = form_class(instance=NewsPage(), parent_page=news_index, for_user=None)
    assert not emi_form.fields["collectivity"].disabled


def test_sections_accept_news_and_announcements_only():
    assert set(NewsSectionPage.allowed_subpage_models()) >= {NewsPage}
    assert NewsPage.allowed_subpage_models() == []
