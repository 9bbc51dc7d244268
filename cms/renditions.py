"""Every rendition the public site shows, declared once and made before a visitor asks.

A public template asks for an image through `{% responsive_picture image "spec" %}`
(cms.templatetags.cms_tags), which outputs a <picture> in every format of
EMI_PICTURE_FORMATS (AVIF, WebP, JPEG in production). Each such spec is listed in
`RENDITION_SPECS`; an app with a spec of its own (an API field) adds it by
`register_specs(...)` in its `AppConfig.ready()`; an API field is declared by using
`DeclaredImageRenditionField`. tests/cms/test_renditions.py fails on
a template spec missing from the registry.

`ensure_renditions(image)` makes every registered rendition of an image that it lacks,
in bulk (Wagtail's `create_renditions`, three at a time). It runs after the commit when
an image gets a new file or a new focal point, and when an image becomes public
(cms.publicity, which moves the renditions already made to the public side first).
`python manage.py generate_renditions` does it for every image (after a deploy that
adds a spec). A public request that still misses one makes it, and logs a warning.
"""

import logging
import threading
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.signals import post_save, pre_save
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.models import Filter, SourceImageIOError

from .storage import PRIVATE_RENDITIONS_FOLDER, PUBLIC_RENDITIONS_FOLDER, random_name

logger = logging.getLogger(__name__)

# The specs of the site's templates, each made in every format of EMI_PICTURE_FORMATS.
RENDITION_SPECS = [
    # Images in a page's body (the image block).
    "width-{480,800,1200}",
    # Every page header's cover (cms.covers.HEADER_SPEC) and every card's
    # (cms.covers.CARD_SPEC, its smallest size): one set shared by all page types.
    "fill-{640x360,960x540,1280x720}",
    "fill-640x360",
    # Collectivité logo.
    "max-160x160",
]
# Specs used as they are, in the original's format (API fields).
EXACT_SPECS = []

FOCAL_POINT_FIELDS = ("focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height")


def register_specs(*specs, formats=True):
    """Declare more specs: with `formats`, as `{% responsive_picture %}` asks for them
    (every format of EMI_PICTURE_FORMATS), otherwise as they are (an API field's)."""
    target = RENDITION_SPECS if formats else EXACT_SPECS
    for spec in specs:
        if spec not in target:
            target.append(spec)


def picture_filter_specs(spec):
    """The filter specs of one `{% responsive_picture %}` spec: every size, every format.

    "width-{480,800}" -> ["width-480|format-webp", "width-480|format-jpeg", ...]
    """
    return Filter.expand_spec(f"{spec}|{settings.EMI_PICTURE_FORMATS}")


def registered_filter_specs():
    """Every filter spec an image is made in, without duplicates, in a stable order."""
    specs = [s for spec in RENDITION_SPECS for s in picture_filter_specs(spec)]
    return list(dict.fromkeys(specs + list(EXACT_SPECS)))


def is_registered(spec):
    return spec in RENDITION_SPECS or spec in EXACT_SPECS


# --- making them ahead of the visitors ---------------------------------------------------


def ensure_renditions(image):
    """Make the registered renditions `image` lacks (in bulk); returns how many were made.

    Renditions are stored on the side the image stands on now (public or private, see
    cms.models.CustomRendition). A missing original is logged, never raised.
    """
    filters = [Filter(spec=spec) for spec in registered_filter_specs()]
    existing = set(image.renditions.values_list("filter_spec", "focal_point_key"))
    missing = [f for f in filters if (f.spec, f.get_cache_key(image)) not in existing]
    if not missing:
        return 0
    try:
        image.create_renditions(*missing)
    except SourceImageIOError:
        logger.warning("renditions not made: the original of image %s is missing", image.pk)
        return 0
    return len(missing)


def _ensure_by_pk(pk):
    image = get_image_model().objects.filter(pk=pk).first()
    if image is not None:
        ensure_renditions(image)


_deferred = threading.local()


@contextmanager
def renditions_deferred():
    """Within the block, saved and published images get no rendition: a bulk load (the
    demo's `load_demo --sans-declinaisons`) leaves them to `generate_renditions`."""
    _deferred.active = True
    try:
        yield
    finally:
        _deferred.active = False


def ensure_renditions_on_commit(image):
    """Make them once the transaction commits (with the image as it then stands). A
    failure is logged: the image is saved whatever happens to its renditions."""
    if getattr(_deferred, "active", False):
        return
    transaction.on_commit(partial(_ensure_by_pk, image.pk), robust=True)


def _side_folder(image):
    return PUBLIC_RENDITIONS_FOLDER if image.is_public else PRIVATE_RENDITIONS_FOLDER


def relocate_renditions(image):
    """Move the renditions of `image` to the side it now stands on (cms.storage).

    The file is copied under a new random name on the right side (its old address stops
    working), the row updated, the old file deleted once the transaction commits.
    Returns how many were moved.
    """
    folder = _side_folder(image)
    moved = 0
    for rendition in image.renditions.all():
        old_name = rendition.file.name
        if old_name.startswith(folder + "/"):
            continue
        storage = rendition.file.storage
        try:
            with storage.open(old_name, "rb") as handle:
                new_name = storage.save(random_name(folder, old_name), handle)
        except FileNotFoundError:
            # Nothing to move: forget it, ensure_renditions makes it again.
            rendition.delete()
            continue
        rendition.purge_from_cache()
        type(rendition).objects.filter(pk=rendition.pk).update(file=new_name)
        transaction.on_commit(partial(storage.delete, old_name))
        moved += 1
    return moved


def _note_changes(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save: does this save give the image a new file or a new focal point?"""
    if raw:
        return
    new_file = bool(instance.file) and not getattr(instance.file, "_committed", True)
    focal_changed = False
    if instance.pk and not new_file:
        old = sender.objects.filter(pk=instance.pk).values(*FOCAL_POINT_FIELDS).first()
        focal_changed = old is not None and any(
            old[field] != getattr(instance, field) for field in FOCAL_POINT_FIELDS
        )
    instance._emi_renditions_due = new_file or focal_changed
    instance._emi_focal_point_changed = focal_changed


def _make_after_save(sender, instance, raw=False, **kwargs):
    """post_save: a new focal point makes the cropped renditions stale; then make the
    missing ones after the commit (the admin's form does it itself, cms.uploads)."""
    if raw or not getattr(instance, "_emi_renditions_due", False):
        return
    instance._emi_renditions_due = False
    if instance._emi_focal_point_changed:
        forget_stale_renditions(instance)
    if not getattr(instance, "_emi_renditions_deferred", False):
        ensure_renditions_on_commit(instance)


def forget_stale_renditions(image):
    """Delete the renditions made for an older focal point (cropped ones)."""
    current = {}
    for rendition in image.renditions.all():
        key = current.setdefault(
            rendition.filter_spec, Filter(spec=rendition.filter_spec).get_cache_key(image)
        )
        if rendition.focal_point_key != key:
            rendition.delete()


def connect():
    image_model = get_image_model()
    pre_save.connect(_note_changes, sender=image_model, dispatch_uid="cms_renditions_note")
    post_save.connect(_make_after_save, sender=image_model, dispatch_uid="cms_renditions_make")


# --- the public request that still misses one -----------------------------------------


def is_public_request(request):
    """An anonymous visitor's request (the ones a page cache and a CDN serve)."""
    user = getattr(request, "user", None) if request is not None else None
    return request is not None and not (user is not None and user.is_authenticated)


def renditions_for_picture(image, specs, request=None):
    """{filter spec: rendition} for a <picture>; what is missing is made (never a broken
    page), with a warning when an anonymous visitor's request had to make it."""
    filters = list(dict.fromkeys(image.clean_filter_for_svg(Filter(spec=s)) for s in specs))
    found = image.find_existing_renditions(*filters)
    missing = [f for f in filters if f not in found]
    if missing:
        # A listing may prefetch fewer specs than a template asks for: look again.
        in_database = {
            (rendition.filter_spec, rendition.focal_point_key): rendition
            for rendition in image.renditions.filter(filter_spec__in=[f.spec for f in missing])
        }
        for missing_filter in missing:
            key = (missing_filter.spec, missing_filter.get_cache_key(image))
            if key in in_database:
                found[missing_filter] = in_database[key]
        missing = [f for f in filters if f not in found]
    if missing:
        if is_public_request(request):
            for missing_filter in missing:
                logger.warning(
                    "rendition generated during a public request: image %s, spec %s",
                    image.pk,
                    missing_filter.spec,
                )
        try:
            created = image.create_renditions(*missing)
        except SourceImageIOError:
            rendition = image.get_rendition_model()(image=image, width=0, height=0)
            rendition.file.name = "not-found"
            return {f.spec: rendition for f in filters}
        for rendition in created.values():
            image._add_to_prefetched_renditions(rendition)
        found.update(created)
    rendition_model = image.get_rendition_model()
    additions = {
        rendition_model.construct_cache_key(image, f.get_cache_key(image), f.spec): rendition
        for f, rendition in found.items()
        if not getattr(rendition, "_from_cache", False)
    }
    if additions:
        rendition_model.cache_backend.set_many(additions)
    return {f.spec: found[f] for f in filters}


def prefetch_picture_renditions(lookup, spec):
    """A Prefetch of the renditions a listing's cards show, for one picture spec:
    `queryset.prefetch_related(prefetch_picture_renditions("cover_image", "fill-640x360"))`
    (the image itself select_related). Wagtail's `prefetch_renditions` does the same on an
    image queryset; this one keeps the image in the listing's own query."""
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        f"{lookup}__renditions",
        queryset=rendition_model.objects.filter(filter_spec__in=picture_filter_specs(spec)),
    )


class DeclaredImageRenditionField(ImageRenditionField):
    """Wagtail's API rendition field, its spec declared here (made with the image) and a
    warning when an anonymous request still has to make it, as for a <picture>."""

    def __init__(self, filter_spec, *args, **kwargs):
        super().__init__(filter_spec, *args, **kwargs)
        register_specs(filter_spec, formats=False)

    def to_representation(self, image):
        if not (image.is_svg() and self.preserve_svg):
            try:
                renditions_for_picture(image, [self.filter_spec], self.context.get("request"))
            except SourceImageIOError:
                pass  # Wagtail's field answers {"error": "SourceImageIOError"}
        return super().to_representation(image)


# --- AVIF encoding speed --------------------------------------------------------------


def use_avif_speed(speed):
    """Encode AVIF at libavif's `speed` (0 slowest, 10 fastest; Pillow's default is 6).

    Willow passes no speed to Pillow, so the AVIF saver registered in Pillow is wrapped:
    a saver given an explicit speed keeps it. At 7 a rendition is made in about half
    the time of 6 for files some 5 % larger (tests/benchmarks/bench_renditions.py)."""
    PILImage.init()
    for registry, register in (
        (PILImage.SAVE, PILImage.register_save),
        (PILImage.SAVE_ALL, PILImage.register_save_all),
    ):
        saver = registry.get("AVIF")
        if saver is None:
            continue
        saver = getattr(saver, "emi_original", saver)

        def with_speed(image, fp, filename, _saver=saver):
            image.encoderinfo.setdefault("speed", speed)
            return _saver(image, fp, filename)

        with_speed.emi_original = saver
        register("AVIF", with_speed)
