"""Query count, median and 95th percentile of every page type, in process (Django's test
client, page cache off), on the database of DATABASE_URL. Run by bench_pages.py:

    DATABASE_URL=postgres://…/emi_bench DJANGO_SETTINGS_MODULE=cms.settings.test \\
        python -c "$LAUNCH" measure RUNS    # JSON on stdout
    … python -c "$LAUNCH" session           # a member's session key

where LAUNCH (below) sets Django up before importing this module.

The pages are found in the database (a bench project, article, event…), so the same
list serves the load test under gunicorn.
"""

import json
import os
import statistics
import sys
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alumni.models import AlumniProfile, ResourcePage, StoryPage
from cms import page_cache
from news.models import CallForCandidatesPage, EventPage, NewsPage, PostJuryAnnouncementPage
from projects.models import ProjectPage

PAGE_SECONDS = float(os.environ.get("BENCH_PAGE_SECONDS", "6"))
MIN_RUNS = 3
# Django set up as the app server does it (cms.wsgi: start-up objects frozen out of the
# garbage collector's sight).
LAUNCH = (
    "import sys, cms.wsgi; "
    "from tests.benchmarks.pages import inprocess; inprocess.main(sys.argv[1:])"
)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _bench_first(model, kind):
    """The middle bench page of a kind (not the first: no warm row at the top of a table)."""
    pages = model.objects.live().filter(slug__startswith=f"{kind}-banc-").order_by("slug")
    count = pages.count()
    return pages[count // 2] if count else model.objects.live().order_by("pk").first()


def member():
    profile = AlumniProfile.objects.filter(slug__startswith="alumni-banc-").order_by("pk")
    return (profile.first() or AlumniProfile.objects.filter(is_active=True).first()).user


def pages():
    """(name, url, as member) of every page type of issue 14's list."""
    project = _bench_first(ProjectPage, "projet")
    collectivity = project.collectivity.slug
    return [
        ("accueil", "/", False),
        ("projets", "/projets/", False),
        ("projets filtrés", f"/projets/?collectivite={collectivity}&statut=deploye", False),
        ("projet", project.url, False),
        ("chiffres", "/projets/chiffres/", False),
        ("actualités", "/actualites/", False),
        ("article", _bench_first(NewsPage, "actualite").url, False),
        ("après-jury", PostJuryAnnouncementPage.objects.live().first().url, False),
        ("agenda", "/agenda/", False),
        ("événement", _bench_first(EventPage, "evenement").url, False),
        ("agenda iCal", "/agenda/ical/", False),
        ("flux RSS", "/actualites/rss/", False),
        ("formations", "/formations/", False),
        ("appel", CallForCandidatesPage.objects.live().first().url, False),
        ("ressources", "/ressources/", False),
        ("ressource", _bench_first(ResourcePage, "ressource").url, False),
        ("alumni", "/alumni/", False),
        ("témoignage", _bench_first(StoryPage, "temoignage").url, False),
        ("annuaire (membre)", "/alumni/annuaire/", True),
        ("recherche", "/recherche/?q=accueil", False),
        ("sitemap.xml", "/sitemap.xml", False),
        ("sitemap-pages.xml", "/sitemap-pages.xml", False),
        ("API projets", "/api/v2/pages/?type=projects.ProjectPage&fields=*", False),
    ]


# Measured again just after a publication (the tree generation renewed before each
# render): what is kept until the tree changes (counts, cards, fragments, a search's
# ranked ids, the sites) is computed again, as for the first visitor after an edit.
AFTER_PUBLICATION = ("accueil", "projets", "projet", "recherche")
AFTER_PUBLICATION_SUFFIX = " (après publication)"


def measure_page(client, url, runs, renew_generation=False):
    client.get(url)  # warm-up: templates compiled, connection open
    timings = []
    deadline = time.perf_counter() + PAGE_SECONDS
    # RUNS renders, fewer for a page so slow that they would take over PAGE_SECONDS.
    while len(timings) < runs and (len(timings) < MIN_RUNS or time.perf_counter() < deadline):
        if renew_generation:
            page_cache.invalidate_site()  # as a publication does, before the clock starts
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} : statut {response.status_code}")
    if renew_generation:
        page_cache.invalidate_site()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {
        "queries": len(queries),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "runs": len(timings),
    }


def measure(runs):
    anonymous, logged_in = Client(), Client()
    logged_in.force_login(member())
    results = []
    listed = pages()
    for name, url, as_member in listed:
        figures = measure_page(logged_in if as_member else anonymous, url, runs)
        results.append({"page": name, "url": url, "member": as_member, **figures})
        print(f"  {name:<20} {figures}", file=sys.stderr, flush=True)
    for name, url, _member in [page for page in listed if page[0] in AFTER_PUBLICATION]:
        figures = measure_page(anonymous, url, runs, renew_generation=True)
        name += AFTER_PUBLICATION_SUFFIX
        results.append({"page": name, "url": url, "member": False, "in_process_only": True})
        results[-1].update(figures)
        print(f"  {name:<20} {figures}", file=sys.stderr, flush=True)
    return {"projects": ProjectPage.objects.live().count(), "pages": results}


def session_key():
    client = Client()
    client.force_login(member())
    return client.cookies["sessionid"].value


def main(args):
    if args[0] == "session":
        print(session_key())
    else:
        print(json.dumps(measure(int(args[1]))))
