"""Admin forms of the cms app (kept apart: they import the admin and the services)."""

from wagtail.admin.forms import WagtailAdminModelForm

from .collectivities import collectivity_slug, slug_problems


class CollectivityAdminForm(WagtailAdminModelForm):
    """The collectivité form: the address identifier is derived, checked, then fixed.

    On creation an empty identifier is derived from the short name (or the name), and
    refused if it is reserved or already taken under one of the indexes. Once the space
    exists the identifier no longer changes: links and filters depend on it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is None:
            return
        if self.instance.pk:
            slug.disabled = True
            slug.help_text = (
                "Fixé à la création : les adresses /projets/<identifiant>/, "
                "/actualites/<identifiant>/ et /agenda/<identifiant>/ en dépendent."
            )
        else:
            slug.required = False
            slug.help_text = (
                "Laissez vide pour le déduire du nom court (ou du nom). Utilisé dans les "
                "adresses : /projets/<identifiant>/. Il ne pourra plus changer ensuite."
            )

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk or "slug" in self.errors or not cleaned_data.get("name"):
            return cleaned_data
        slug = cleaned_data.get("slug") or collectivity_slug(
            cleaned_data.get("short_name") or cleaned_data["name"]
        )
        problems = slug_problems(slug)
        if problems:
            for problem in problems:
                self.add_error("slug", problem)
        else:
            cleaned_data["slug"] = slug
        return cleaned_data
