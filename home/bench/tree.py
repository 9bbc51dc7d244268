"""Bulk insertion of live Wagtail pages: treebeard paths computed here, two INSERTs a batch.

`Page.add_child()` costs a dozen queries a page (tree lock, path, revision, signals);
the benchmark dataset inserts tens of thousands of pages, so it writes the rows itself:
one `bulk_create` of the `wagtailcore_page` rows, then one INSERT of the specific
table's rows (Django's `bulk_create` refuses multi-table models, so the child rows go
through the manager's `_insert`, which is what `Model.save()` uses), then the parent's
`numchild`. No revision is written: the pages are live as inserted, as after an import.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

BATCH_SIZE = 500

# The wagtailcore_page columns, copied from the specific instance onto the base row.
PAGE_FIELDS = [field for field in Page._meta.concrete_fields if not field.primary_key]


def next_step(parent):
    """The treebeard step of the parent's next child (after its current last child)."""
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    last_path = last.order_by("-path").values_list("path", flat=True).first()
    return Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1


def prepare(parent, pages, published_at=None):
    """Set the tree and publication fields of unsaved specific pages under `parent`."""
    step = next_step(parent)
    depth = parent.depth + 1
    published_at = published_at or timezone.now()
    for offset, page in enumerate(pages):
        page.path = Page._get_path(parent.path, depth, step + offset)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = ContentType.objects.get_for_model(type(page))
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or published_at
        page.last_published_at = page.first_published_at
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()


def insert_specific(model, pages):
    """INSERT the specific table's rows of pages whose base rows exist."""
    fields = model._meta.local_concrete_fields
    for start in range(0, len(pages), BATCH_SIZE):
        model._base_manager._insert(
            pages[start : start + BATCH_SIZE], fields=fields, using=connection.alias
        )


def insert_children(parent, pages):
    """Insert unsaved pages of one specific model as the last children of `parent`."""
    if not pages:
        return []
    model = type(pages[0])
    prepare(parent, pages)
    bases = Page.objects.bulk_create(
        [Page(**{f.attname: getattr(page, f.attname) for f in PAGE_FIELDS}) for page in pages],
        batch_size=BATCH_SIZE,
    )
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.page_ptr_id = base.pk
        page._state.adding = False
    insert_specific(model, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    return pages
