"""The news app's indexes: /actualites/ and /agenda/ (news, events and trainings
pages of the tests are built by tests/news/conftest.py's builders)."""

from news.models import EventIndexPage, NewsIndexPage

from .pages import PageFactory


class NewsIndexPageFactory(PageFactory):
    title = "Actualités"
    slug = "actualites"

    class Meta:
        model = NewsIndexPage


class EventIndexPageFactory(PageFactory):
    title = "Agenda"
    slug = "agenda"

    class Meta:
        model = EventIndexPage
