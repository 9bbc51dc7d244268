"""A collectivité's space: what the service, the command and the admin create."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
)

from cms.collectivities import (
    CollectivitySpaceError,
    SpaceReport,
    ensure_collectivity_space,
    ensure_space,
)
from cms.membership import collectivity_of
from cms.models import Collectivity, CollectivityReviewTask
from cms.sections import registered_sections, section_models
from tests.factories.news import EventIndexPageFactory, NewsIndexPageFactory
from tests.factories.projects import ProjectIndexPageFactory

from .conftest import news_section
from .editorial import make_user

pytestmark = pytest.mark.django_db

User = get_user_model()


def section_pages(collectivity):
    return [
        page
        for model in section_models()
        for page in model.objects.filter(collectivity=collectivity).order_by("path")
    ]


def counts():
    """How many of each part of a space exist, to prove a second run adds nothing."""
    return {
        "collectivities": Collectivity.objects.count(),
        "sections": sum(model.objects.count() for model in section_models()),
        "pages": Page.objects.count(),
        "groups": Group.objects.count(),
        "collections": Collection.objects.count(),
        "workflows": Workflow.objects.count(),
        "tasks": Task.objects.count(),
        "page_permissions": GroupPagePermission.objects.count(),
        "collection_permissions": GroupCollectionPermission.objects.count(),
        "workflow_pages": WorkflowPage.objects.count(),
        "users": User.objects.count(),
    }


def space_signature(collectivity):
    """The shape of a space, with the collectivité's own name and slug abstracted away."""
    collectivity = Collectivity.objects.get(pk=collectivity.pk)

    def norm(text):
        return text.replace(collectivity.name, "<nom>").replace(collectivity.slug, "<slug>")

    def group_shape(group):
        return {
            "name": norm(group.name),
            "model_permissions": sorted(
                f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
            ),
            "page_permissions": sorted(
                (p.permission.codename, norm(p.page.url_path))
                for p in GroupPagePermission.objects.filter(group=group)
            ),
            "collection_permissions": sorted(
                (p.permission.codename, norm(p.collection.name))
                for p in GroupCollectionPermission.objects.filter(group=group)
            ),
        }

    task = collectivity.review_task
    return {
        "sections": [
            (type(page).__name__, norm(page.url_path), norm(page.title), page.live)
            for page in section_pages(collectivity)
        ],
        "collection": (
            norm(collectivity.collection.name),
            collectivity.collection.get_parent().name,
        ),
        "contributors": group_shape(collectivity.contributors_group),
        "referents": group_shape(collectivity.referents_group),
        "review_task": (
            norm(task.name),
            sorted(norm(g.name) for g in task.groups.all()),
            sorted(g.name for g in task.substitute_groups.all()),
        ),
        "workflow": (
            norm(collectivity.workflow.name),
            [norm(t.name) for t in collectivity.workflow.tasks],
            sorted(norm(wp.page.url_path) for wp in collectivity.workflow.workflow_pages.all()),
        ),
    }


# --- the service ---------------------------------------------------------------------


def test_service_creates_the_whole_space(indexes):
    space = ensure_collectivity_space("Département de l'Aube", short_name="Aube", joined_year=2022)
    collectivity = space.collectivity
    assert collectivity.slug == "aube"

    # One live section per registered index, at /<index>/aube/.
    assert len(registered_sections()) == 4
    assert {page.url for page in space.sections} == {
        "/projets/aube/",
        "/actualites/aube/",
        "/agenda/aube/",
        "/collectivites/aube/",
    }
    for page in space.sections:
        assert page.live and page.collectivity == collectivity
        assert page.title == "Département de l'Aube"

    assert space.collection.name == "Département de l'Aube"
    assert space.collection.get_parent().name == "Collectivités"

    contributors, referents = space.contributors_group, space.referents_group
    assert contributors.name == "Contributeurs — Département de l'Aube"
    assert referents.name == "Référents — Département de l'Aube"
    for group in (contributors, referents):
        assert {p.codename for p in group.permissions.all()} == {"access_admin"}
        page_permissions = {
            (p.page_id, p.permission.codename)
            for p in GroupPagePermission.objects.filter(group=group)
        }
        assert page_permissions == {
            (page.pk, codename)
            for page in space.sections
            for codename in ("add_page", "change_page")
        }
        collection_permissions = {
            (p.collection_id, p.permission.codename)
            for p in GroupCollectionPermission.objects.filter(group=group)
        }
        assert collection_permissions == {
            (space.collection.pk, codename)
            for codename in ("add_image", "choose_image", "add_document", "choose_document")
        }

    workflow = space.workflow
    assert workflow.name == "Modération — Département de l'Aube"
    step_1, step_2 = [task.specific for task in workflow.tasks]
    assert isinstance(step_1, CollectivityReviewTask)
    assert list(step_1.groups.all()) == [referents]
    assert [g.name for g in step_1.substitute_groups.all()] == ["Modérateurs EMI"]
    assert type(step_2) is GroupApprovalTask and step_2.name == "Validation EMI"
    assert [g.name for g in step_2.groups.all()] == ["Modérateurs EMI"]
    for page in space.sections:
        assert page.get_workflow() == workflow


def test_the_validation_task_is_shared_by_every_workflow(space_a, space_b):
    assert list(space_a.workflow.tasks)[1].pk == list(space_b.workflow.tasks)[1].pk
    assert GroupApprovalTask.objects.filter(name="Validation EMI").count() == 1


def test_only_emi_moderators_hold_publish_permission(space_a, space_b):
    publishers = {
        p.group.name
        for p in GroupPagePermission.objects.filter(permission__codename="publish_page")
    }
    assert publishers == {"Modérateurs EMI"}
    # Wagtail's example groups (publish on the root page) are gone (cms migration 0005).
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()


def test_moderators_edit_and_publish_on_every_index(space_a, indexes):
    moderators = Group.objects.get(name="Modérateurs EMI")
    for index in (indexes.projects, indexes.news, indexes.events):
        codenames = {
            p.permission.codename
            for p in GroupPagePermission.objects.filter(group=moderators, page=index)
        }
        assert {"add_page", "change_page", "publish_page"} <= codenames


def test_running_the_service_twice_changes_nothing(space_a):
    before = counts()
    again = ensure_space(space_a.collectivity)
    assert counts() == before
    assert [p.pk for p in again.sections] == [p.pk for p in space_a.sections]
    assert again.workflow == space_a.workflow


def test_existing_collectivity_and_section_are_adopted_not_duplicated(indexes):
    """Another loader may create the collectivité and a section page directly."""
    from projects.models import ProjectSectionPage

    collectivity = Collectivity.objects.create(name="Département de l'Oise", slug="oise")
    section = ProjectSectionPage(title="Projets de l'Oise", slug="oise", collectivity=collectivity)
    indexes.projects.add_child(instance=section)
    section.save_revision().publish()

    space = ensure_collectivity_space("Département de l'Oise", short_name="Oise")

    assert space.collectivity.pk == collectivity.pk
    assert Collectivity.objects.count() == 1
    assert ProjectSectionPage.objects.filter(collectivity=collectivity).count() == 1
    assert section.pk in [page.pk for page in space.sections]
    assert ProjectSectionPage.objects.get(pk=section.pk).title == "Projets de l'Oise"
    assert space.collectivity.short_name == "Oise"  # an empty field is completed


def test_a_section_is_adopted_even_under_another_slug(indexes):
    from news.models import NewsSectionPage

    collectivity = Collectivity.objects.create(name="Ville de Compiègne", slug="compiegne")
    section = NewsSectionPage(
        title="Compiègne", slug="ville-de-compiegne", collectivity=collectivity
    )
    indexes.news.add_child(instance=section)
    section.save_revision().publish()

    space = ensure_space(collectivity)

    assert NewsSectionPage.objects.filter(collectivity=collectivity).count() == 1
    assert news_section(space).pk == section.pk


@pytest.mark.parametrize("slug", ["rss", "ical", "archives", "chiffres", "embed", "atom"])
def test_a_reserved_slug_is_refused_by_the_service(indexes, slug):
    with pytest.raises(CollectivitySpaceError, match="réservé"):
        ensure_collectivity_space("Ville de Test", slug=slug)
    assert not Collectivity.objects.exists()


def test_a_name_whose_derived_slug_is_reserved_is_refused(indexes):
    with pytest.raises(CollectivitySpaceError, match="« archives » est réservé"):
        ensure_collectivity_space("Archives", kind="autre")


def test_an_address_taken_by_another_page_is_refused_with_its_title(indexes):
    from news.models import NewsPage

    news = NewsPage(title="Bilan de Senlis", slug="senlis", summary="Un bilan.")
    indexes.news.add_child(instance=news)
    news.save_revision().publish()

    with pytest.raises(CollectivitySpaceError) as error:
        ensure_collectivity_space("Ville de Senlis", short_name="Senlis", kind="commune")
    assert "/actualites/senlis/" in str(error.value)
    assert "Bilan de Senlis" in str(error.value)
    assert not Collectivity.objects.exists()


def test_a_missing_index_is_reported_and_completed_later(home_page):
    ProjectIndexPageFactory(parent=home_page)
    report = SpaceReport()
    first = ensure_collectivity_space(
        "Ville de Creil", short_name="Creil", kind="commune", report=report
    )
    assert [page.url for page in first.sections] == ["/projets/creil/"]
    assert any("relancez la commande" in warning for warning in report.warnings)

    NewsIndexPageFactory(parent=home_page, title="Actus")
    EventIndexPageFactory(parent=home_page)
    second = ensure_space(first.collectivity)
    assert sorted(page.url for page in second.sections) == [
        "/actualites/creil/",
        "/agenda/creil/",
        "/projets/creil/",
    ]
    for page in second.sections:
        assert page.get_workflow() == second.workflow


def test_collectivity_of_finds_the_section_of_a_page(space_a):
    from news.models import NewsPage

    section = news_section(space_a)
    news = NewsPage(title="Une actualité", slug="une-actualite", summary="Résumé.")
    section.add_child(instance=news)
    assert collectivity_of(news) == space_a.collectivity
    assert collectivity_of(section.get_parent()) is None


# --- the command ---------------------------------------------------------------------


def run_command(*args):
    out = StringIO()
    call_command("add_collectivity", *args, stdout=out)
    return out.getvalue()


def test_command_twice_gives_the_same_groups_pages_collection_and_workflow(
    indexes, django_capture_on_commit_callbacks
):
    args = ["Ville de Noyon", "--kind", "commune", "--contributor", "lea@noyon.example"]
    with django_capture_on_commit_callbacks(execute=True):
        first_output = run_command(*args)
    first = counts()
    signature = space_signature(Collectivity.objects.get(name="Ville de Noyon"))

    with django_capture_on_commit_callbacks(execute=True):
        second_output = run_command(*args)

    assert counts() == first
    assert space_signature(Collectivity.objects.get(name="Ville de Noyon")) == signature
    assert "+ groupe « Contributeurs — Ville de Noyon »" in first_output
    assert "+ circuit de modération « Modération — Ville de Noyon »" in first_output
    assert not re.search(r"^\s+[+~@] ", second_output, re.MULTILINE)
    assert "0 élément(s) créé(s)" in second_output
    # One invitation only: the second run does not mail the person again.
    assert [message.to for message in mail.outbox] == [["lea@noyon.example"]]


def test_the_admin_gives_the_same_space_as_the_command(indexes, client):
    run_command("Ville de Noyon", "--kind", "commune")
    moderator = make_user("moderatrice", Group.objects.get(name="Modérateurs EMI"))
    client.force_login(moderator)

    response = client.post(
        reverse("wagtailsnippets_cms_collectivity:add"),
        {
            "name": "Ville de Clermont",
            "short_name": "",
            "slug": "",
            "kind": "commune",
            "website": "",
            "joined_year": "2024",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    by_admin = Collectivity.objects.get(name="Ville de Clermont")
    assert by_admin.slug == "ville-de-clermont"
    assert space_signature(by_admin) == space_signature(
        Collectivity.objects.get(name="Ville de Noyon")
    )


def test_command_refuses_a_reserved_slug_with_a_clear_message(indexes):
    with pytest.raises(CommandError, match="« rss » est réservé à une page du site"):
        run_command("Ville de Test", "--slug", "rss")
    assert not Collectivity.objects.exists()


def test_command_refuses_a_bad_address_before_creating_anything(indexes):
    before = counts()
    with pytest.raises(CommandError, match="n'est pas une adresse électronique valide"):
        run_command("Ville de Test", "--contributor", "pas-une-adresse")
    assert counts() == before


def test_command_completes_but_never_overwrites_a_collectivity(indexes):
    run_command("Ville de Noyon", "--kind", "commune")
    output = run_command("Ville de Noyon", "--kind", "caf", "--joined-year", "2024")
    collectivity = Collectivity.objects.get(name="Ville de Noyon")
    assert collectivity.kind == "commune"
    assert collectivity.joined_year == 2024
    assert "type « Caisse d'allocations familiales » ignoré" in output


# --- the admin -----------------------------------------------------------------------


def moderator_client(client):
    from cms.collectivities import ensure_editorial_roles

    group, _task = ensure_editorial_roles()
    client.force_login(make_user("moderatrice", group))
    return client


def snippet_data(**fields):
    data = {
        "name": "Ville de Test",
        "short_name": "",
        "slug": "",
        "kind": "commune",
        "website": "",
        "joined_year": "",
    }
    data.update(fields)
    return data


def test_admin_refuses_a_reserved_slug_on_the_same_page(indexes, client):
    moderator_client(client)
    response = client.post(
        reverse("wagtailsnippets_cms_collectivity:add"), snippet_data(slug="ical")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "« ical » est réservé à une page du site" in html
    assert 'value="Ville de Test"' in html  # what was typed is kept
    assert not Collectivity.objects.exists()


def test_admin_refuses_a_derived_slug_that_is_reserved(indexes, client):
    moderator_client(client)
    response = client.post(
        reverse("wagtailsnippets_cms_collectivity:add"),
        snippet_data(name="Communauté Embed", short_name="Embed"),
    )
    assert response.status_code == 200
    assert "« embed » est réservé" in response.content.decode()
    assert not Collectivity.objects.exists()


def test_admin_refuses_an_address_already_taken(indexes, client, space_a):
    moderator_client(client)
    response = client.post(
        reverse("wagtailsnippets_cms_collectivity:add"),
        snippet_data(name="Aube (doublon)", slug="aube"),
    )
    assert response.status_code == 200
    assert "déjà celui de la collectivité « Département de l&#x27;Aube »" in (
        response.content.decode()
    )
    assert Collectivity.objects.count() == 1


def test_renaming_a_collectivity_renames_its_groups_workflow_and_collection(space_a, client):
    moderator_client(client)
    collectivity = space_a.collectivity
    response = client.post(
        reverse("wagtailsnippets_cms_collectivity:edit", args=[collectivity.pk]),
        snippet_data(name="Conseil départemental de l'Aube", short_name="Aube", kind="departement"),
    )
    assert response.status_code == 302
    collectivity.refresh_from_db()
    assert collectivity.slug == "aube"  # fixed once the space exists
    assert collectivity.contributors_group.name == "Contributeurs — Conseil départemental de l'Aube"
    assert collectivity.referents_group.name == "Référents — Conseil départemental de l'Aube"
    assert collectivity.workflow.name == "Modération — Conseil départemental de l'Aube"
    assert collectivity.collection.name == "Conseil départemental de l'Aube"
    assert collectivity.contributors_group.pk == space_a.contributors_group.pk
    assert Group.objects.filter(name__startswith="Contributeurs —").count() == 1


# --- the demo ------------------------------------------------------------------------


def demo_load(report_lines):
    from home.demo import collectivities
    from home.demo.helpers import DemoReport

    return collectivities.load(DemoReport(report_lines.append))


def test_demo_creates_the_fourteen_collectivities_with_their_spaces(demo_site_pages):
    lines = []
    demo_load(lines)
    assert Collectivity.objects.count() == 14
    expected = {
        "Département du Val-d'Oise": ("departement", 2015, "val-d-oise"),
        "Ville d'Herblay-sur-Seine": ("commune", 2021, "herblay-sur-seine"),
        "Ville de Garges-lès-Gonesse": ("commune", 2021, "garges-les-gonesse"),
        "Communauté d'agglomération de Cergy-Pontoise": ("agglomeration", 2021, "cergy-pontoise"),
        "Département de l'Yonne": ("departement", 2023, "yonne"),
    }
    for name, (kind, year, slug) in expected.items():
        collectivity = Collectivity.objects.get(name=name)
        assert (collectivity.kind, collectivity.joined_year, collectivity.slug) == (
            kind,
            year,
            slug,
        )
    for collectivity in Collectivity.objects.all():
        # Projects, news, agenda and the collectivité's own page.
        assert len(section_pages(collectivity)) == 4
        assert collectivity.workflow is not None
    # Production-like settings (tests run with DEBUG off): no demo account, no password.
    assert not User.objects.exists()
    assert not any("demo-emi" in line for line in lines)

    before = counts()
    demo_load([])
    assert counts() == before


@override_settings(DEBUG=True)
def test_demo_accounts_exist_in_development_only(demo_site_pages, client):
    lines = []
    demo_load(lines)
    logins = [line for line in lines if "demo-emi-2026" in line]
    assert len(logins) == 5
    moderator = User.objects.get(username="moderatrice@demo.emi.localhost")
    assert moderator.groups.filter(name="Modérateurs EMI").exists()
    contributor = User.objects.get(username="contributrice.valdoise@demo.emi.localhost")
    assert contributor.groups.filter(name="Contributeurs — Département du Val-d'Oise").exists()
    referent = User.objects.get(username="referente.cergy@demo.emi.localhost")
    assert referent.groups.filter(
        name="Référents — Communauté d'agglomération de Cergy-Pontoise"
    ).exists()
    assert client.login(username=contributor.username, password="demo-emi-2026")
