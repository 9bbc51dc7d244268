"""The benchmark dataset (`generate_bench_data`, issue 14) at a tiny size: its counts, a
valid page tree, pages that render and search that finds it, and a second run that
creates nothing. `make bench` builds it at 10,000 projects on PostgreSQL."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Page

from alumni.models import AlumniProfile, ResourcePage, StoryPage
from cms.models import Collectivity, CustomImage
from home.bench.plan import PREFIX, Plan
from home.management.commands.generate_bench_data import is_bench_database
from news.models import EventPage, EventRegistration, NewsPage
from projects.models import Cohort, ProjectPage

PROJECTS = 20


def generate():
    out = io.StringIO()
    call_command("generate_bench_data", "--projects", str(PROJECTS), "--minimal", stdout=out)
    return out.getvalue()


def bench(model, kind):
    return model.objects.filter(slug__startswith=f"{kind}-{PREFIX}-")


def counts():
    return {
        "projects": bench(ProjectPage, "projet").count(),
        "collectivities": Collectivity.objects.filter(slug__startswith="essai-").count(),
        "cohorts": Cohort.objects.filter(slug__contains=f"-{PREFIX}-").count(),
        "news": bench(NewsPage, "actualite").count(),
        "events": bench(EventPage, "evenement").count(),
        "alumni": bench(AlumniProfile, "alumni").count(),
        "stories": bench(StoryPage, "temoignage").count(),
        "resources": bench(ResourcePage, "ressource").count(),
        "images": CustomImage.objects.filter(title__startswith="Image de banc d'essai").count(),
    }


@pytest.mark.django_db
def test_the_dataset_is_what_the_plan_says_renders_is_searchable_and_made_once(client, home_page):
    generate()
    plan = Plan.for_projects(PROJECTS)
    assert counts() == {name: getattr(plan, name) for name in counts()}
    assert EventRegistration.objects.filter(event__in=bench(EventPage, "evenement")).exists()
    members = get_user_model().objects.filter(groups__name="Alumni")
    assert members.filter(alumni_profile__in=bench(AlumniProfile, "alumni")).count() == plan.alumni
    assert all(problems == [] for problems in Page.find_problems())

    project = bench(ProjectPage, "projet").order_by("slug")[7]
    assert project.get_parent().specific.collectivity_id == project.collectivity_id
    page = client.get(project.url)
    assert page.status_code == 200
    assert project.title in page.content.decode()
    assert project.cover_image.title in [i.title for i in CustomImage.objects.all()]
    listing = client.get("/projets/")
    assert listing.status_code == 200
    assert "projet d&#x27;essai" in listing.content.decode()
    found = client.get("/recherche/", {"q": project.title.split(" — ")[1]})
    assert found.status_code == 200
    assert project.url in found.content.decode()

    pages = Page.objects.count()
    assert "0 élément(s) créé(s)" in generate()
    assert counts() == {name: getattr(plan, name) for name in counts()}
    assert Page.objects.count() == pages


def test_it_refuses_a_database_that_is_not_a_bench_one():
    assert not is_bench_database({"NAME": "emi", "TEST": {"NAME": None}})
    assert not is_bench_database({"NAME": "/srv/emi/db.sqlite3", "TEST": {}})
    assert is_bench_database({"NAME": "emi_bench", "TEST": {}})
    assert is_bench_database({"NAME": "emi_bench_100", "TEST": {}})


@pytest.mark.django_db
def test_the_command_does_nothing_on_the_site_database(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "emi")
    monkeypatch.setitem(connection.settings_dict, "TEST", {"NAME": None})
    with pytest.raises(CommandError, match="_bench"):
        call_command("generate_bench_data", "--projects", "1", stdout=io.StringIO())
    assert not ProjectPage.objects.exists()
