"""Links between profiles and the rest of the site.

A profile lists its projects (AlumniProfile.projects, shown with its visibility). The
other way round, a project page may link the alumni who worked on it — only those whose
profile is public and whose "projects" field is open to everyone. The projects app must
not import alumni: it can call this through a template tag (alumni_tags) or a registry
of its own that alumni fills in its AppConfig.ready().
"""

from dataclasses import dataclass

from django.urls import reverse

from .models import AlumniProfile, Visibility


@dataclass
class ProfileLink:
    name: str
    url: str


def public_profiles_for_project(project):
    if project is None or not getattr(project, "pk", None):
        return []
    profiles = (
        AlumniProfile.objects.public()
        .filter(projects=project, projects_visibility=Visibility.PUBLIC)
        .order_by("last_name", "first_name")
        .only("first_name", "last_name", "slug")
    )
    return [
        ProfileLink(profile.full_name, reverse("alumni:profile", kwargs={"slug": profile.slug}))
        for profile in profiles
    ]
