"""Links from a project to the public pages of the people who carried it.

`projects` never imports the apps on its right (DESIGN.md): an app that holds such
pages (alumni) registers a provider in its AppConfig.ready(); a provider takes a project
and returns objects with `name` and `url`, only for people who chose to be public.
"""

_providers = []


def register_team_link_provider(provider):
    if provider not in _providers:
        _providers.append(provider)


def team_links(project):
    return [link for provider in _providers for link in provider(project)]
