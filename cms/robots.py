"""robots.txt: the paths crawlers are asked to leave alone, contributed by each app.

`cms` never imports the apps above it (DESIGN.md): each app adds, in its
AppConfig.ready(), the paths it keeps out of search engines, as paths or as URL
names, which are reversed when robots.txt is served (`disallow("alumni:login")`).
"""

from django.urls import reverse

from .site_address import absolute_url

_disallowed: list[str] = []


def disallow(*paths_or_url_names):
    """Add `Disallow:` lines: a path ("/admin/") or a URL name ("alumni:my_profile")."""
    for entry in paths_or_url_names:
        if entry not in _disallowed:
            _disallowed.append(entry)


def disallowed_paths():
    return [entry if entry.startswith("/") else reverse(entry) for entry in _disallowed]


def robots_txt_lines():
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in disallowed_paths()]
    lines += [f"Sitemap: {absolute_url(reverse('sitemap'))}", ""]
    return lines
