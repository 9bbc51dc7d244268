"""Which files a visitor may reach: a file is public once a live, public page uses it.

Wagtail's reference index (wagtail.models.ReferenceIndex) says what uses what: the
image fields, StreamField blocks and rich text of every page (for a page, what its row
holds: the live content once published, the draft before). A file is public when a page
that uses it is live and has no view restriction on itself or an ancestor, or when an
object that is public by nature uses it (a model with `publishes_referenced_files`, such
as a collectivité's logo).

- Images carry the answer in `CustomImage.is_public`, recomputed for the whole site
  whenever a page is published, unpublished, moved or deleted, a view restriction
  changes, or a public-by-nature object is saved. When it flips, the image's renditions
  move to the right storage (cms.storage) under new names, so that their old addresses
  stop working; an image made public then gets every registered rendition it still
  lacks, after the commit (cms.renditions), before a visitor asks for one.
- Documents are checked when they are asked for (cms.documents).
- Everyone else's access to a private file (its uploader, the people who manage its
  collection, the moderators, the readers of a members-only page that uses it, the
  editors of a draft that uses it) is decided by `user_may_see_private_file`.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.permissions import policy_registry
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import CustomImage
from .renditions import ensure_renditions_on_commit, relocate_renditions


def _page_content_type():
    return ContentType.objects.get_for_model(Page)


def _referrers(obj):
    """{base content type id: {object ids as strings}} of what uses `obj`."""
    result = {}
    for ct_id, object_id in ReferenceIndex.get_references_to(obj).values_list(
        "base_content_type_id", "object_id"
    ):
        result.setdefault(ct_id, set()).add(object_id)
    return result


def _public_by_nature(ct_id, object_ids):
    model = ContentType.objects.get_for_id(ct_id).model_class()
    if model is None or not getattr(model, "publishes_referenced_files", False):
        return False
    objects = model._default_manager.filter(pk__in=object_ids)
    if hasattr(model, "live"):
        objects = objects.filter(live=True)
    return objects.exists()


def _live_public_pages(object_ids):
    ids = [int(i) for i in object_ids if str(i).isdigit()]
    return Page.objects.filter(pk__in=ids).live().public()


def is_used_publicly(obj):
    """True if a live page without view restriction, or a public object, uses `obj`."""
    page_ct = _page_content_type().pk
    for ct_id, object_ids in _referrers(obj).items():
        if ct_id == page_ct:
            if _live_public_pages(object_ids).exists():
                return True
        elif _public_by_nature(ct_id, object_ids):
            return True
    return False


def publicly_used_image_ids():
    """Ids of the images that some live public page (or public object) uses."""
    image_ct = ContentType.objects.get_for_model(CustomImage)
    page_ct = _page_content_type().pk
    by_referrer = {}
    for ct_id, object_id, image_id in ReferenceIndex.objects.filter(
        to_content_type=image_ct
    ).values_list("base_content_type_id", "object_id", "to_object_id"):
        by_referrer.setdefault(ct_id, {}).setdefault(object_id, set()).add(image_id)
    public = set()
    for ct_id, images_by_object in by_referrer.items():
        if ct_id == page_ct:
            live = {
                str(pk) for pk in _live_public_pages(images_by_object).values_list("pk", flat=True)
            }
        else:
            model = ContentType.objects.get_for_id(ct_id).model_class()
            if model is None or not getattr(model, "publishes_referenced_files", False):
                continue
            objects = model._default_manager.filter(pk__in=list(images_by_object))
            if hasattr(model, "live"):
                objects = objects.filter(live=True)
            live = {str(pk) for pk in objects.values_list("pk", flat=True)}
        for object_id in live:
            public.update(images_by_object[object_id])
    return {int(i) for i in public if str(i).isdigit()}


def forget_renditions(image):
    """Delete an image's renditions (their files go after the commit, Wagtail's handler)."""
    for rendition in image.renditions.all():
        rendition.delete()


@transaction.atomic
def refresh_image_publicity():
    """Set `is_public` on every image from the reference index; returns (made public,
    made private) counts. Renditions of an image that changes side move with it."""
    public_ids = publicly_used_image_ids()
    to_public = list(CustomImage.objects.filter(pk__in=public_ids, is_public=False))
    to_private = list(CustomImage.objects.filter(is_public=True).exclude(pk__in=public_ids))
    for image, value in [(i, True) for i in to_public] + [(i, False) for i in to_private]:
        image.is_public = value
        CustomImage.objects.filter(pk=image.pk).update(is_public=value)
        relocate_renditions(image)
        if value:
            ensure_renditions_on_commit(image)
    return len(to_public), len(to_private)


# --- who may open a private file -------------------------------------------------------


def _page_grants_access(page, request):
    user = request.user
    if page.live and all(r.accept_request(request) for r in page.get_view_restrictions()):
        return True
    if user.is_authenticated:
        permissions = page.permissions_for_user(user)
        if permissions.can_edit() or permissions.can_publish():
            return True
    return False


def user_may_see_private_file(request, obj):
    """Its uploader, whoever may choose or change it in its collection, the readers of a
    live page that uses it (members-only pages) and the editors of a page that uses it
    (reviewers of a draft). Anonymous visitors: only through a live page they may view."""
    user = request.user
    if user.is_authenticated:
        if user.is_superuser or (obj.uploaded_by_user_id and obj.uploaded_by_user_id == user.pk):
            return True
        policy = policy_registry.get_by_type(type(obj))
        if policy.user_has_any_permission_for_instance(user, ["change", "choose"], obj):
            return True
    page_ct = _page_content_type().pk
    object_ids = _referrers(obj).get(page_ct, set())
    ids = [int(i) for i in object_ids if str(i).isdigit()]
    for page in Page.objects.filter(pk__in=ids).specific(defer=True):
        if _page_grants_access(page, request):
            return True
    return False


# --- signals -------------------------------------------------------------------------


def _refresh(**kwargs):
    refresh_image_publicity()


def _public_object_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # Our handler may run before Wagtail's: index the object first.
    if ReferenceIndex.is_indexed(type(instance)):
        ReferenceIndex.create_or_update_for_object(instance)
    refresh_image_publicity()


def connect():
    page_published.connect(_refresh, dispatch_uid="cms_publicity_published")
    page_unpublished.connect(_refresh, dispatch_uid="cms_publicity_unpublished")
    post_page_move.connect(_refresh, dispatch_uid="cms_publicity_moved")
    post_delete.connect(_refresh, sender=Page, dispatch_uid="cms_publicity_page_deleted")
    post_save.connect(_refresh, sender=PageViewRestriction, dispatch_uid="cms_publicity_pvr")
    post_delete.connect(
        _refresh, sender=PageViewRestriction, dispatch_uid="cms_publicity_pvr_deleted"
    )
    for model in apps.get_models():
        if getattr(model, "publishes_referenced_files", False):
            post_save.connect(
                _public_object_saved, sender=model, dispatch_uid=f"cms_publicity_{model._meta}"
            )
            post_delete.connect(
                _refresh, sender=model, dispatch_uid=f"cms_publicity_{model._meta}_deleted"
            )
