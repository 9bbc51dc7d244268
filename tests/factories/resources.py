"""Builders for the resource library's tests (model, listing, protection, browser)."""

import datetime
import itertools

from wagtail.models import Collection

from alumni.models import (
    ResourceFile,
    ResourceIndexPage,
    ResourcePage,
    ResourceProjectLink,
    TrainingModule,
)
from alumni.setup import ensure_alumni_setup

from .alumni import publish
from .site import build_indexes

PUBLIC_COLLECTION_NAME = "Ressources de l'EMI"

_counter = itertools.count(1)


def public_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=PUBLIC_COLLECTION_NAME).first()
    return existing or root.add_child(name=PUBLIC_COLLECTION_NAME)


def build_library(home_page, **index_fields):
    """/ressources/ beside the indexes, the alumni set-up and two training modules."""
    build_indexes(home_page)
    index_fields = {
        "title": "Ressources",
        "slug": "ressources",
        "intro": "Les outils, kits, cours et conférences de la formation.",
        **index_fields,
    }
    index = publish(home_page, ResourceIndexPage(**index_fields))
    # Collections are kept sorted by name: adding one moves its siblings' tree paths, so
    # the public one comes first and the members' one is read afterwards.
    public = public_collection()
    setup = ensure_alumni_setup()
    return {
        "index": index,
        "members_collection": setup.members_collection,
        "public_collection": public,
        "moderators": setup.moderators_group,
        "impact": TrainingModule.objects.create(
            name="Mesure d'impact", slug="mesure-d-impact", sort_order=5
        ),
        "design": TrainingModule.objects.create(
            name="Design de service", slug="design-de-service", sort_order=1
        ),
    }


def make_resource(
    index,
    title,
    *,
    resource_type="fiche-outil",
    audience="public",
    summary=None,
    modules=(),
    themes=(),
    files=(),
    projects=(),
    date=None,
    live=True,
    **fields,
):
    """A resource page under the library (published unless live=False)."""
    n = next(_counter)
    if resource_type == "conference":
        fields.setdefault("video_url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        fields.setdefault("transcript", "<p>Bonjour à toutes et à tous.</p>")
    if resource_type == "cours-en-ligne":
        fields.setdefault("external_url", "https://formation.example.test/celo")
    fields.setdefault("slug", f"ressource-{n}")
    page = ResourcePage(
        title=title,
        resource_type=resource_type,
        audience=audience,
        summary=summary or f"Résumé de {title}.",
        resource_date=date or datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
        **fields,
    )
    page.modules = list(modules)
    for theme in themes:
        page.themes.add(theme)
    for position, document in enumerate(files):
        page.files.add(ResourceFile(document=document, sort_order=position))
    for position, project in enumerate(projects):
        page.project_links.add(ResourceProjectLink(project=project, sort_order=position))
    if not live:
        page.live = False
        index.add_child(instance=page)
        page.save_revision()
        return page
    return publish(index, page)
