"""The demo section of the resource library: what load_demo promises for /ressources/."""

import csv
import io
import re
import zlib

import pytest
from wagtail.documents import get_document_model

from alumni.library.access import (
    has_view_restriction,
    is_members_only_document,
    misplaced_documents,
)
from alumni.models import ResourcePage, TrainingModule
from alumni.setup import MEMBERS_COLLECTION_NAME
from home.demo import alumni as demo_alumni
from home.demo import projects as demo_projects
from home.demo import resources as demo_resources
from home.demo.documents import render_pdf
from home.management.commands.load_demo import SECTIONS
from projects.models import ProjectTheme
from tests.demo_report import quiet_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_library(demo_site_pages):
    """The site frame, the project bank (themes, projects) and the library."""
    demo_projects.load(quiet_report())
    themes_before = set(ProjectTheme.objects.values_list("name", flat=True))
    report = quiet_report()
    demo_resources.load(report)
    yield {"report": report, "themes_before": themes_before}
    for document in get_document_model().objects.all():
        document.file.storage.delete(document.file.name)


def documents_of(page):
    return [item.document for item in page.files.select_related("document__collection")]


def read(document):
    with document.open_file() as handle:
        return handle.read()


def assert_valid_pdf(data):
    """Header, trailer and a cross-reference table whose offsets point at their objects."""
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    assert data[startxref : startxref + 4] == b"xref"
    table = data[startxref:].split(b"trailer")[0].split(b"\n")
    count = int(table[1].split()[1])
    entries = table[3 : 2 + count]  # object 0 is the free head of the list
    assert len(entries) == count - 1
    for number, entry in enumerate(entries, start=1):
        assert len(entry) == 19  # 20 bytes with the newline
        offset = int(entry[:10])
        assert data[offset:].startswith(b"%d 0 obj" % number)


def pdf_title(data):
    """The document information's title: a UTF-16 hex string with its byte order mark,
    or a literal string when it is plain ASCII."""
    found = re.search(rb"/Title\s*(?:<([0-9A-Fa-f]+)>|\(((?:\\.|[^\\)])*)\))", data)
    if found.group(1):
        return bytes.fromhex(found.group(1).decode()).decode("utf-16")
    return re.sub(rb"\\(.)", rb"\1", found.group(2)).decode("latin-1")


def page_contents(data):
    """The pages' content streams, uncompressed."""
    streams = re.findall(rb"/Filter /FlateDecode.*?stream\r?\n(.*?)\r?\nendstream", data, re.S)
    return b"".join(zlib.decompress(stream) for stream in streams)


def test_demo_library_covers_every_module_and_type(demo_library):
    live = ResourcePage.objects.live()
    assert live.count() >= 12
    assert ResourcePage.objects.filter(live=False).count() == 0

    for module in TrainingModule.objects.all():
        assert live.filter(modules=module).exists(), module.name
    assert TrainingModule.objects.count() == 6
    assert TrainingModule.objects.filter(slug="mesure-d-impact").exists()
    assert set(live.values_list("resource_type", flat=True)) == {
        "fiche-outil",
        "kit",
        "cours-en-ligne",
        "conference",
        "guide",
    }

    # Themes come from the project bank's vocabulary; none is invented by the library.
    assert (
        set(ProjectTheme.objects.values_list("name", flat=True)) == (demo_library["themes_before"])
    )
    assert all(page.themes.exists() for page in live)
    linked = [link.project for page in live for link in page.project_links.all()]
    assert len(linked) >= 10 and all(project.live for project in linked)

    courses = live.filter(resource_type="cours-en-ligne")
    assert courses.count() == 2
    assert all(course.external_url.startswith("https://") for course in courses)
    assert any("ESSEC" in course.title for course in courses)


def test_members_only_files_are_in_the_members_collection(demo_library):
    members_only = ResourcePage.objects.live().filter(audience="membres")
    assert members_only.count() >= 3
    for page in members_only:
        documents = documents_of(page)
        assert documents, page.title
        for document in documents:
            assert document.collection.name == MEMBERS_COLLECTION_NAME
            assert is_members_only_document(document)
    for page in ResourcePage.objects.live().filter(audience="public"):
        for document in documents_of(page):
            assert not has_view_restriction(document), document.title


def test_kit_and_conference_have_what_the_library_promises(demo_library):
    kit = ResourcePage.objects.live().get(title="Kit mesure d'impact")
    assert kit.resource_type == "kit"
    assert kit.audience == "membres"
    assert list(kit.modules.values_list("slug", flat=True)) == ["mesure-d-impact"]
    names = [document.filename for document in documents_of(kit)]
    assert len(names) >= 2
    assert any(name.endswith(".pdf") for name in names)
    assert any(name.endswith(".csv") for name in names)

    conference = ResourcePage.objects.live().get(resource_type="conference")
    assert conference.video is not None and conference.video.provider
    assert conference.transcript.count("<p>") >= 3
    assert conference.resource_date.isoformat() == "2023-11-17"


def test_a_member_reaches_the_impact_kit_in_two_clicks_and_downloads_it(client, demo_library):
    """Menu "Ressources" (the library is in the menu), then the kit on the first page."""
    from alumni.models import ResourceIndexPage
    from tests.factories.alumni import make_member

    library = ResourceIndexPage.objects.live().get()
    assert library.show_in_menus
    kit = ResourcePage.objects.live().get(title="Kit mesure d'impact")
    client.force_login(make_member("Inès", "Martin").user)
    home = client.get("/").content.decode()
    assert f'href="{library.url}"' in home
    listing = client.get(library.url).content.decode()
    assert f'href="{kit.url}"' in listing
    kit_page = client.get(kit.url).content.decode()
    guide = documents_of(kit)[0]
    assert f'href="{guide.url}"' in kit_page
    response = client.get(guide.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == read(guide)


def test_every_generated_file_is_valid_and_every_resource_validates(demo_library):
    documents = get_document_model().objects.all()
    pdfs = [document for document in documents if document.filename.endswith(".pdf")]
    csvs = [document for document in documents if document.filename.endswith(".csv")]
    assert len(pdfs) >= 10 and len(csvs) >= 3
    for document in pdfs:
        data = read(document)
        assert_valid_pdf(data)
        assert document.file_size == document.file.size
        # Accessible: the title a screen reader announces, and the language.
        assert pdf_title(data) == document.title
        assert b"/Lang (fr-FR)" in data
        # The footer repeats the title on every page (a PDF string: parentheses escaped).
        footer = document.title.encode("cp1252").replace(b"(", b"\\(").replace(b")", b"\\)")
        assert footer in page_contents(data)
    for document in csvs:
        data = read(document)
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) >= 3 and len(rows[0]) >= 3, document.title
        assert all(len(row) == len(rows[0]) for row in rows), document.title

    for page in ResourcePage.objects.live():
        page.full_clean()
        assert misplaced_documents(documents_of(page), page.audience) == []


def test_second_run_creates_nothing(demo_library):
    assert demo_library["report"].created >= 12 + 6
    counts = (
        ResourcePage.objects.count(),
        get_document_model().objects.count(),
        TrainingModule.objects.count(),
    )
    again = quiet_report()
    demo_resources.load(again)
    assert again.created == 0
    assert counts == (
        ResourcePage.objects.count(),
        get_document_model().objects.count(),
        TrainingModule.objects.count(),
    )


def test_load_demo_loads_the_library_after_the_projects_and_alumni():
    loaders = [loader for _label, loader in SECTIONS]
    assert demo_resources.load in loaders
    position = loaders.index(demo_resources.load)
    assert position > loaders.index(demo_projects.load)
    assert position > loaders.index(demo_alumni.load)


def test_pdf_writer_encodes_french_and_paginates():
    data = render_pdf(
        "Évaluer l'œuvre « collective »",
        ["# Étape", *["- Une phrase assez longue pour passer à la ligne, à 100 €." * 3] * 80],
    )
    assert_valid_pdf(data)
    assert b"/Encoding /WinAnsiEncoding" in data
    # « É » is 0xC9 in WinAnsi, in the compressed page stream; the title is UTF-16 metadata.
    assert b"(\xc9tape)" in page_contents(data)
    assert pdf_title(data) == "Évaluer l'œuvre « collective »"
    assert len(re.findall(rb"/Type /Page\b(?!s)", data)) >= 2
