from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from wagtail.models import Page, Site

from .search import search_words
from .site_address import absolute_url

SEARCH_RESULTS_PER_PAGE = 10


def search(request):
    query = search_words(request.GET.get("q"))
    results_page = None
    total = 0
    if query:
        site = Site.find_for_request(request)
        site_root = site.root_page if site else None
        pages = Page.objects.live().public()
        if site_root is not None:
            pages = pages.descendant_of(site_root, inclusive=True)
        results = pages.specific().search(query)
        paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
        try:
            results_page = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results_page = paginator.page(1)
        except EmptyPage:
            results_page = paginator.page(paginator.num_pages)
        total = paginator.count
    return render(
        request,
        "cms/search.html",
        {"search_query": query, "results": results_page, "total": total},
    )


def robots_txt(request):
    sitemap_url = absolute_url(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /recherche/",
        "Disallow: /compte/",
        "Disallow: /alumni/connexion/",
        "Disallow: /alumni/mon-profil/",
        "Disallow: /alumni/parrains/",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
