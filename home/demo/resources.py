"""The resource library (/ressources/): the training's modules, and the tools, kits,
courses and recorded talks that go with them.

Records in data/resources.yaml. Files are generated here (PDFs and CSV grids, see
documents.py) and stored as Wagtail documents: members-only resources' files in the
collection restricted to the alumni (alumni.setup.members_collection), public ones in
the collection "Ressources de l'EMI".

Idempotent: modules are looked up by slug, documents by title in their collection,
pages by slug under the library; nothing existing is overwritten.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from alumni.library.access import misplaced_documents
from alumni.models import (
    Audience,
    ResourceFile,
    ResourceIndexPage,
    ResourcePage,
    ResourceProjectLink,
    TrainingModule,
)
from alumni.setup import members_collection
from cms.roles import apply_moderator_roles
from home.models import HomePage
from news.models import EventPage
from projects.models import ProjectPage, ProjectTheme

from .documents import csv_bytes, render_pdf
from .helpers import child_from_record, load_data
from .illustrations import illustrate

# The text fields a resource's record may leave out.
OPTIONAL_FIELDS = ("external_url", "external_label", "video_url", "transcript")


def file_content(spec):
    """The bytes of a resource's file: a CSV grid (`rows`) or a PDF (`blocks`)."""
    if "rows" in spec:
        return csv_bytes(spec["rows"])
    return render_pdf(
        spec["title"],
        spec["blocks"],
        subtitle=spec.get("subtitle", ""),
        header=load_data("resources")["pdf_header"],
        footer=spec["title"],
    )


def load_modules(report):
    """Slug → TrainingModule, created in the order they are taught."""
    modules = {}
    for position, record in enumerate(load_data("resources")["modules"], start=1):
        slug, name = record["slug"], record["name"]
        module = TrainingModule.objects.filter(slug=slug).first()
        if module is None:
            module = TrainingModule.objects.filter(name=name).first()
        if module is not None:
            report.existing_item(slug)
        else:
            module = TrainingModule.objects.create(
                name=name, slug=slug, summary=record["summary"], sort_order=position * 10
            )
            report.created_item(f"module de formation « {name} »")
        modules[slug] = module
    return modules


def load_index(report):
    index = ResourceIndexPage.objects.first()
    if index is not None:
        report.existing_item("ressources")
        return index
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        raise RuntimeError("La page d'accueil manque : chargez d'abord la section « Site ».")
    return child_from_record(home, ResourceIndexPage, load_data("resources")["index"], report)


def public_collection(report):
    name = load_data("resources")["public_collection"]
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(name=name)
        report.created_item(f"collection de documents « {name} »")
    else:
        report.existing_item(name)
    return collection


def get_or_create_document(spec, collection, report):
    """The document of this title in the collection, created from `spec` if missing."""
    Document = get_document_model()
    document = Document.objects.filter(title=spec["title"], collection=collection).first()
    if document is not None:
        report.existing_item(spec["title"])
        return document
    content = ContentFile(file_content(spec))
    document = Document(title=spec["title"], collection=collection)
    document.file.save(spec["name"], content, save=False)
    document._set_document_file_metadata()  # size and hash, as the admin's upload records
    document.save()
    report.created_item(f"document « {document.title} » ({collection.name})")
    return document


def build_resource(data, modules, collections, report):
    page = ResourcePage(
        title=data["title"],
        slug=data["slug"],
        resource_type=data["resource_type"],
        audience=data["audience"],
        resource_date=data["resource_date"],
        summary=data["summary"],
        body=data["body"],
        search_description=data["summary"],
        **{name: data.get(name, "") for name in OPTIONAL_FIELDS},
    )
    page.modules = [modules[slug] for slug in data["modules"]]
    # The project bank's own vocabulary: a theme missing from it is left out, not created.
    page.themes.add(*ProjectTheme.objects.filter(name__in=data["themes"]).order_by("name"))
    collection = collections[data["audience"]]
    documents = [get_or_create_document(spec, collection, report) for spec in data["files"]]
    page.files = [
        ResourceFile(document=document, sort_order=position)
        for position, document in enumerate(documents)
    ]
    projects = ProjectPage.objects.live().filter(slug__in=data["projects"])
    by_slug = {project.slug: project for project in projects}
    page.project_links = [
        ResourceProjectLink(project=by_slug[slug], sort_order=position)
        for position, slug in enumerate(s for s in data["projects"] if s in by_slug)
    ]
    misplaced = misplaced_documents(documents, data["audience"])
    if misplaced:
        raise ValidationError(misplaced)
    return page


def load_resources(index, modules, collections, report):
    pages = []
    for data in load_data("resources")["resources"]:
        existing = ResourcePage.objects.child_of(index).filter(slug=data["slug"]).first()
        if existing is not None:
            report.existing_item(data["slug"])
            pages.append(existing)
            continue
        page = build_resource(data, modules, collections, report)
        illustrate(page)
        index.add_child(instance=page)
        page.save_revision().publish()
        report.created_item(
            f"ressource « {page.title} » ({page.get_resource_type_display().lower()}, "
            f"{page.get_audience_display().lower()}, {page.url})"
        )
        pages.append(page)
        link_recorded_event(data.get("records_event"), page, report)
    return pages


def link_recorded_event(event_slug, resource, report):
    """A resource that records an event is what remains of it, on the event's page."""
    event = EventPage.objects.filter(slug=event_slug).first() if event_slug else None
    if event is None or event.follow_up_id:
        return
    event.follow_up = resource
    event.save_revision().publish()
    report.created_item(f"lien de « {event.title} » vers son enregistrement")


def load(report):
    modules = load_modules(report)
    index = load_index(report)
    # The moderators' rights on the library need the index (cms.roles).
    apply_moderator_roles()
    public = public_collection(report)
    # Collections are kept sorted by name: adding one moves its siblings' tree paths, so
    # the members' collection is fetched after, with its current path.
    collections = {Audience.PUBLIC.value: public, Audience.MEMBRES.value: members_collection()}
    return load_resources(index, modules, collections, report)
