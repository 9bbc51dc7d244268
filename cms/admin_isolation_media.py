"""Isolation between collectivités in the admin's images, documents and tags.

The counterpart of cms.admin_isolation for files: a contributor or référent is offered
only the tags of what they may see (autocompletion, "popular tags" of the listings and
of the image chooser), and the usage pages and counts of an image or document leave out
the pages the user may not explore (a moderator may use A's image on B's page).

Moderators and administrators (`sees_everything`) see everything, as before.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.http import Http404, JsonResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import GenericTaggedItemBase, ItemBase, Tag, TagBase
from wagtail.admin.models import popular_tags_for_model
from wagtail.admin.views import tags as wagtail_tags
from wagtail.documents import get_document_model
from wagtail.documents.views import documents as document_views
from wagtail.documents.views.documents import DocumentsFilterSet
from wagtail.images import get_image_model
from wagtail.images.views import chooser as image_chooser
from wagtail.images.views import images as image_views
from wagtail.images.views.images import ImagesFilterSet
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from .admin_isolation import own_section_pages, page_policy, sees_everything

# --- tag autocompletion --------------------------------------------------------------


def _visible_tag_ids(user, tag_model):
    """Tags used by something the user may see: a live page, a page of their own
    sections, an image or document of their collections. Never a tag that only
    another collectivité's draft, or an alumnus's profile, uses."""

    visible_pages = Page.objects.filter(Q(live=True) | Q(pk__in=own_section_pages(user)))
    ids = set()
    for through in apps.get_models():
        if not issubclass(through, ItemBase):
            continue
        if through._meta.get_field("tag").related_model is not tag_model:
            continue
        if issubclass(through, GenericTaggedItemBase):
            for model in (get_image_model(), get_document_model()):
                allowed = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
                    user, ["add", "change", "choose"]
                )
                ids.update(
                    through.objects.filter(
                        content_type=ContentType.objects.get_for_model(model),
                        object_id__in=allowed.values("pk"),
                    ).values_list("tag_id", flat=True)
                )
            continue
        target = through._meta.get_field("content_object").related_model
        if issubclass(target, Page):
            ids.update(
                through.objects.filter(content_object__in=visible_pages.values("pk")).values_list(
                    "tag_id", flat=True
                )
            )
    return ids


def tag_autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocompletion, limited for members to the tags they may see."""

    if sees_everything(request.user):
        return wagtail_tags.autocomplete(request, app_name, model_name)
    tag_model = Tag
    if app_name and model_name:
        try:
            tag_model = ContentType.objects.get_by_natural_key(app_name, model_name).model_class()
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        if tag_model is None or not issubclass(tag_model, TagBase):
            raise Http404
    term = request.GET.get("term")
    names = []
    if term:
        names = list(
            tag_model.objects.filter(
                name__istartswith=term, pk__in=_visible_tag_ids(request.user, tag_model)
            )
            .order_by("name")
            .values_list("name", flat=True)[: wagtail_tags.TAGS_AUTOCOMPLETE_LIMIT]
        )
    return JsonResponse(names, safe=False)


# --- images and documents: popular tags, usage -----------------------------------------


def _media_in_reach(user, model):
    """The images or documents of the collections the user may add to, change or choose."""
    policy = policy_registry.get_by_type(model)
    return policy.instances_user_has_any_permission_for(user, ["add", "change", "choose"])


def popular_tags_for(user, model, count=10):
    """Wagtail's `popular_tags_for_model`, counted over what the user may reach.

    Everyone's tags for moderators; for anyone else only the tags of the images or
    documents of their own collections, counted there: a tag that only another
    collectivité's files carry never shows.
    """
    if sees_everything(user):
        return popular_tags_for_model(model, count)

    # taggit's TaggedItem.object_id is an integer: compare with the ids as they are
    # (a text cast works on SQLite only).
    reachable = _media_in_reach(user, model).values("pk")
    return (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(model),
            taggit_taggeditem_items__object_id__in=reachable,
        )
        .annotate(item_count=Count("taggit_taggeditem_items"))
        .order_by("-item_count", "name")[:count]
    )


class _OwnPopularTagsFilterSetMixin:
    """The listings' "Tag" filter offers only the popular tags of the user's own files."""

    def __init__(self, *args, request=None, is_searching=None, **kwargs):
        super().__init__(*args, request=request, is_searching=is_searching, **kwargs)
        if "tag" not in self.filters or sees_everything(request.user):
            return
        tags = popular_tags_for(request.user, self._meta.model)
        if tags:
            self.filters["tag"].extra["choices"] = [(tag.name, tag.name) for tag in tags]
        else:
            del self.filters["tag"]


class IsolatedImagesFilterSet(_OwnPopularTagsFilterSetMixin, ImagesFilterSet):
    class Meta(ImagesFilterSet.Meta):
        pass


class IsolatedDocumentsFilterSet(_OwnPopularTagsFilterSetMixin, DocumentsFilterSet):
    class Meta(DocumentsFilterSet.Meta):
        pass


def visible_usage_counts(user, objects):
    """{pk: number of things using it that the user may see} for images or documents."""
    references = visible_references(user, ReferenceIndex.get_references_to_in_bulk(objects))
    rows = (
        references.order_by()
        .values("to_object_id")
        .annotate(count=Count("object_id", distinct=True))
    )
    return {row["to_object_id"]: row["count"] for row in rows}


def visible_usage_count_subquery(user, model):
    """Wagtail's `ReferenceIndex.usage_count_subquery`, counting only what the user sees."""

    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(model),
        to_object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    counts = (
        visible_references(user, references)
        .order_by()
        .values("to_object_id")
        .annotate(count=Count("object_id", distinct=True))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0)


class _VisibleUsageCountListingMixin:
    """The listings' "Usage count" column (and its ordering and filter) counts only the
    uses the user may see: a use on another collectivité's page is not counted."""

    @cached_property
    def usage_count_asked(self):
        return self.ordering in ("usage_count", "-usage_count") or (
            self.is_filtering and "usage_count" in self.filters.form.cleaned_data
        )

    @cached_property
    def needs_usage_count_subquery(self):
        # Wagtail's own count is site-wide: only for those who see everything.
        return sees_everything(self.request.user) and self.usage_count_asked

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.usage_count_asked and not sees_everything(self.request.user):
            subquery = visible_usage_count_subquery(self.request.user, self.model)
            queryset = queryset.annotate(usage_count=subquery)
        return queryset

    def decorate_paginated_queryset(self, object_list):
        if sees_everything(self.request.user):
            return super().decorate_paginated_queryset(object_list)
        if not self.usage_count_asked:  # otherwise annotated in get_base_queryset
            counts = visible_usage_counts(self.request.user, list(object_list))
            for obj in object_list:
                obj.usage_count = counts.get(str(obj.pk), 0)
        return object_list


class IsolatedImageIndexView(_VisibleUsageCountListingMixin, image_views.IndexView):
    filterset_class = IsolatedImagesFilterSet


class IsolatedDocumentIndexView(_VisibleUsageCountListingMixin, document_views.IndexView):
    filterset_class = IsolatedDocumentsFilterSet


class IsolatedImageChooseView(image_chooser.ImageChooseView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["popular_tags"] = popular_tags_for(self.request.user, self.model)
        return context


class IsolatedImageChooserViewSet(image_chooser.ImageChooserViewSet):
    choose_view_class = IsolatedImageChooseView


# Never registered: it lends its choose view, built exactly like Wagtail's own
# (same viewset name, so the same URL names), to cms.admin_urls.
isolated_image_chooser = IsolatedImageChooserViewSet(
    image_chooser.viewset.name,
    model=image_chooser.viewset.model,
    url_prefix=image_chooser.viewset.url_prefix,
)


def visible_references(user, references):
    """Of `references` (ReferenceIndex rows), those whose source the user may see.

    A page is seen only if the user may explore it; other sources keep Wagtail's
    own treatment (a "private" label when the user may not edit them).
    """
    if sees_everything(user):
        return references

    explorable = page_policy().explorable_instances(user)
    explorable = explorable.annotate(key=Cast("pk", CharField())).values("key")
    return references.filter(
        ~Q(base_content_type=ContentType.objects.get_for_model(Page)) | Q(object_id__in=explorable)
    )


class _VisibleUsageMixin:
    """The usage of an image or document lists only what the user may see.

    A use on another collectivité's page (a moderator may have chosen one of the
    user's images there) is neither named nor counted; when it is the only one,
    the page says the file is used elsewhere, without saying where or how often.
    """

    def get_queryset(self):
        references = ReferenceIndex.get_references_to(self.object)
        visible = visible_references(self.request.user, references)
        self.used_elsewhere = visible.count() != references.count()
        return visible.group_by_source_object()

    @cached_property
    def no_results_message(self):
        if self.used_elsewhere:
            return _("Utilisé ailleurs, dans des contenus hors de votre collectivité.")
        return super().no_results_message


class IsolatedImageUsageView(_VisibleUsageMixin, image_views.UsageView):
    pass


class IsolatedDocumentUsageView(_VisibleUsageMixin, document_views.UsageView):
    pass


class _VisibleUsageCountMixin:
    """The edit screen's "Used N times" counts only the uses the user may see."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        references = ReferenceIndex.get_references_to(self.object)
        context["usage_count_val"] = len(
            visible_references(self.request.user, references).group_by_source_object()
        )
        return context


class IsolatedImageEditView(_VisibleUsageCountMixin, image_views.EditView):
    pass


class IsolatedDocumentEditView(_VisibleUsageCountMixin, document_views.EditView):
    pass
