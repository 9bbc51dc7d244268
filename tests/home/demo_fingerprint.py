"""A fingerprint of the site load_demo builds: every page, counts per model, text hashes.

Used by test_demo_same_site.py against the committed demo_expected.json, and by hand to
compare two databases loaded before and after a change of the loader:

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python manage.py shell \
        -c "from tests.home.demo_fingerprint import dump; dump('/tmp/demo.json')"

Two levels: `texts_only=True` keeps what does not depend on the day the demo is loaded
(titles, slugs, texts, numbers), `texts_only=False` also hashes dates, relations and the
other non-text fields, except datetimes computed from "now".
"""

import datetime
import hashlib
import json
import re
import uuid

from django.apps import apps
from django.db import models
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import Page

# Rows whose content is bookkeeping (random ids, timestamps, serialised revisions):
# counted, not hashed.
COUNTED_ONLY = {
    "sessions.session",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailadmin.admin",
    "axes.accessattempt",
    "axes.accesslog",
}
# Rows that follow the database backend or the installed code, not the demo: the search
# index (its own table and vector columns on SQLite, tsvectors on PostgreSQL), and the
# content types and permissions that come with those backend-only models.
BACKEND_DEPENDENT = {
    "auth.permission",
    "contenttypes.contenttype",
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
}
# Fields that differ on every run whatever the content.
SKIPPED_FIELDS = {
    "password",
    "last_login",
    "date_joined",
    "translation_key",
    "file_hash",
    "content_path",  # reference index: stream paths hold the blocks' random ids
    "content_path_hash",
    # Generic relations (reference index, workflow states) keep the primary key as text.
    "object_id",
    "to_object_id",
}
TEXT_FIELDS = (models.CharField, models.TextField, StreamField)
# A stored file's name gets a random suffix when the name is already taken.
RANDOM_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}(?=\.[a-z0-9]+$)")


# Rich text links to pages and documents by primary key.
RICH_TEXT_LINK = re.compile(r'(<a[^>]*linktype="(page|document)"[^>]*\bid=")(\d+)(")')


def _stable_rich_text(html):
    """Rich text with its links' primary keys replaced by what they point at.

    Primary keys follow the database's sequences, which PostgreSQL does not roll back
    between tests: the same demo gets other ids after a test that created pages.
    """

    def target(match):
        if match.group(2) == "page":
            page = Page.objects.filter(pk=match.group(3)).first()
            reference = page.url_path if page else "?"
        else:
            document = get_document_model().objects.filter(pk=match.group(3)).first()
            reference = document.title if document else "?"
        return f"{match.group(1)}{reference}{match.group(4)}"

    return RICH_TEXT_LINK.sub(target, html)


def _stable_block(block, value):
    """A block's value with chosen objects named by what they are, not by their id."""
    if isinstance(block, blocks.StreamBlock):
        return [
            {"type": child.block_type, "value": _stable_block(child.block, child.value)}
            for child in value
        ]
    if isinstance(block, blocks.ListBlock):
        return [_stable_block(block.child_block, item) for item in value]
    if isinstance(block, blocks.StructBlock):
        return {
            name: _stable_block(child, value.get(name))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.PageChooserBlock):
        return value.url_path if value else None
    if isinstance(block, blocks.ChooserBlock):
        return str(value) if value else None
    if isinstance(block, blocks.RichTextBlock):
        return _stable_rich_text(value.source) if value else ""
    return block.get_prep_value(value)


def _value(obj, field):
    value = getattr(obj, field.attname)
    if isinstance(field, StreamField):
        return _stable_block(field.stream_block, value)
    if isinstance(value, str) and "linktype=" in value:
        return _stable_rich_text(value)
    if isinstance(field, models.FileField):
        return RANDOM_SUFFIX.sub("", value.name or "")
    if isinstance(value, datetime.datetime):
        # Set on purpose (a time of day) or computed from now (left out).
        if value.second or value.microsecond:
            return "now"
        return value.isoformat()
    if isinstance(value, (datetime.date, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def _fields(model, texts_only):
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in SKIPPED_FIELDS or isinstance(field, models.UUIDField):
            continue
        if texts_only and not isinstance(field, TEXT_FIELDS):
            continue
        if field.name == "file_size" and hasattr(model, "file_hash"):
            continue  # the generated PDFs' bytes are the generator's, not the demo's
        yield field


def row_digest(obj, texts_only=True):
    data = {f.name: _value(obj, f) for f in _fields(type(obj), texts_only)}
    encoded = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _page_fields(model):
    """The specific page's own fields, not Page's tree and publication bookkeeping."""
    page_fields = {f.name for f in Page._meta.concrete_fields} - {
        "title",
        "slug",
        "seo_title",
        "search_description",
        "show_in_menus",
        "live",
    }
    return [f for f in model._meta.concrete_fields if f.name not in page_fields]


def _child_rows(page, texts_only):
    """The page's inline rows (milestones, form fields, links…), in their order."""
    rows = {}
    for relation in page._meta.related_objects:
        if not relation.one_to_many or not hasattr(relation.field, "related_model"):
            continue
        name = relation.get_accessor_name()
        model = relation.related_model
        if not issubclass(model, models.Model) or model._meta.label_lower in COUNTED_ONLY:
            continue
        if relation.field.model is Page or issubclass(model, Page):
            continue
        manager = getattr(page, name, None)
        if manager is None:
            continue
        rows[name] = [row_digest(row, texts_only) for row in manager.all().order_by("pk")]
    return {name: digests for name, digests in rows.items() if digests}


def page_digest(page, texts_only=True):
    fields = [
        f
        for f in _page_fields(type(page))
        if not texts_only or isinstance(f, TEXT_FIELDS)
        if not f.is_relation or not texts_only
    ]
    data = {f.name: _value(page, f) for f in fields if f.name not in SKIPPED_FIELDS}
    data["_children"] = _child_rows(page, texts_only)
    if hasattr(page, "tags"):
        data["_tags"] = sorted(page.tags.names())
    encoded = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def fingerprint(texts_only=True):
    pages = [
        {
            "url_path": page.url_path,
            "type": type(page).__name__,
            "title": page.title,
            "live": page.live,
            "depth": page.depth,
            "content": page_digest(page, texts_only),
        }
        for page in Page.objects.order_by("path").specific()
    ]
    counts, digests = {}, {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in BACKEND_DEPENDENT:
            continue
        counts[label] = model._default_manager.count()
        if label in COUNTED_ONLY or issubclass(model, Page) or not counts[label]:
            continue
        rows = sorted(row_digest(obj, texts_only) for obj in model._default_manager.all())
        digests[label] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return {
        "pages": pages,
        "counts": {label: n for label, n in sorted(counts.items()) if n},
        "rows": dict(sorted(digests.items())),
    }


def dump(path, texts_only=False):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(fingerprint(texts_only), handle, ensure_ascii=False, indent=1)
        handle.write("\n")
