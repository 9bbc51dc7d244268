from django.shortcuts import render
from wagtail.models import Page, Site

from cms.pages import empty_section_paths


def site_map(request):
    """A human-readable map of the live public pages, as nested lists; the collectivité
    sections with nothing published yet are left out until they have content."""
    site = Site.find_for_request(request)
    root = site.root_page if site else Page.objects.filter(depth=2).first()
    pages = []
    if root is not None:
        empty_sections = empty_section_paths(request)
        pages = [
            page
            for page in Page.objects.live()
            .public()
            .descendant_of(root, inclusive=True)
            .filter(depth__lte=root.depth + 3)
            .order_by("path")
            if page.path not in empty_sections
        ]
    tree = _nest(pages)
    return render(request, "home/site_map.html", {"tree": tree})


def _nest(pages):
    """Turn a path-ordered list of pages into [(page, children), ...]."""
    roots, stack = [], []
    for page in pages:
        node = (page, [])
        while stack and not page.path.startswith(stack[-1][0].path):
            stack.pop()
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)
    return roots
