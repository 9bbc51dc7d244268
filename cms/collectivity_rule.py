"""The one rule of a page's collectivité: a page in a collectivité's section belongs to it.

Every page type that can sit in a section (`CollectivitySectionMixin`) takes this mixin:
- on save, its collectivité is the section's (EMI's own pages, directly under an index,
  keep the editor's choice);
- in the editor, the field is locked to the section's collectivité
  (`CollectivityLockedPageForm`, or a subclass of it for page types with their own form);
- after a move, `resync_after_move` (connected to `post_page_move` in `CmsConfig.ready`)
  gives the moved pages the collectivité of their new section.

The model must have a `collectivity` foreign key to `cms.Collectivity`.
"""

from django.apps import apps
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from .models import Collectivity
from .pages import CollectivitySectionMixin


def _section_model_at(path):
    """The section page type stored at `path`, or None if that page is not a section."""
    page = Page.objects.filter(path=path).only("content_type").first()
    if page is None:
        return None, None
    model = page.specific_class
    if model is None or not issubclass(model, CollectivitySectionMixin):
        return None, None
    return model, page.pk


def section_collectivity_id(page):
    """The collectivité of the section right above `page`, or None (EMI's own content)."""
    if not page.path or not page.depth or page.depth < 2:
        return None
    model, pk = _section_model_at(page.path[: -page.steplen])
    if model is None:
        return None
    return model.objects.filter(pk=pk).values_list("collectivity_id", flat=True).first()


class CollectivityLockedPageForm(WagtailAdminPageForm):
    """In a collectivité's section, the page's collectivité is the section's, not a choice.

    Contributors never see (nor can post) another collectivité in the list; EMI's own pages,
    directly under an index, keep the choice open to EMI moderators.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("collectivity")
        parent = self.parent_page
        if field is None or parent is None:
            return
        parent_class = parent.specific_class
        if parent_class is None or not issubclass(parent_class, CollectivitySectionMixin):
            return
        collectivity_id = (
            parent_class.objects.filter(pk=parent.pk)
            .values_list("collectivity_id", flat=True)
            .first()
        )
        field.queryset = Collectivity.objects.filter(pk=collectivity_id)
        field.disabled = True
        field.required = False
        field.help_text = "Celle de l'espace où se trouve la page."
        self.initial["collectivity"] = collectivity_id


class CollectivityFromSection:
    """Pages whose collectivité is the one of their section (EMI's own: editor's choice)."""

    base_form_class = CollectivityLockedPageForm

    def save(self, *args, **kwargs):
        collectivity_id = section_collectivity_id(self)
        if collectivity_id is not None:
            self.collectivity_id = collectivity_id
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "collectivity" not in update_fields:
                kwargs["update_fields"] = list(update_fields) + ["collectivity"]
        return super().save(*args, **kwargs)


def collectivity_page_models():
    """Every concrete page type that follows the rule."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, CollectivityFromSection) and issubclass(model, Page)
    ]


def resync_after_move(sender, instance, **kwargs):
    """After a move, the moved pages (and those below) take their new section's collectivité."""
    for model in collectivity_page_models():
        moved = model.objects.descendant_of(instance, inclusive=True).only(
            "pk", "path", "depth", "collectivity_id"
        )
        for page in moved:
            collectivity_id = section_collectivity_id(page)
            if collectivity_id is not None and collectivity_id != page.collectivity_id:
                model.objects.filter(pk=page.pk).update(collectivity_id=collectivity_id)
