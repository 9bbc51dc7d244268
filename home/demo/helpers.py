"""What the demo's loaders share: the data files, the report, pages created once.

Every loader is idempotent: it looks pages up by slug and creates only what is missing,
so a second run changes nothing and an editor's changes are never overwritten.
"""

import datetime
from pathlib import Path

import holidays
import yaml
from wagtail.models import Page

from cms.collectivities import SpaceReport

from .illustrations import illustrate

DATA_DIR = Path(__file__).with_name("data")

# Days EMI's offices are closed besides French public holidays.
CLOSED_DAYS = {(12, 24), (12, 31)}


# libyaml's parser when the wheel has it (it has on Linux), the pure-Python one otherwise.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_data(name):
    """The records of home/demo/data/<name>.yaml: YAML reads ISO dates as dates."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SafeLoader)  # noqa: S506 (a safe loader)


class DemoReport:
    """Collects what a load_demo run did, printed as progress lines."""

    def __init__(self, write):
        self.write = write
        self.created = 0
        self.existing = 0

    def created_item(self, label):
        self.created += 1
        self.write(f"  + {label}")

    def existing_item(self, label):
        self.existing += 1


class SpaceReportAdapter:
    """Feeds the collectivité service's lines into load_demo's report."""

    def __init__(self, report):
        self.report = report

    def __call__(self, kind, text):
        if kind in (SpaceReport.CREATED, SpaceReport.UPDATED):
            self.report.created_item(text)
        elif kind == SpaceReport.WARNING:
            self.report.write(f"  ! {text}")
        else:
            self.report.existing_item(text)


def fields_for(model, record, exclude=()):
    """A record's page fields (a data file's keys are the model's field names)."""
    return {key: value for key, value in record.items() if key not in exclude}


def get_or_create_child(parent, page_class, slug, report, **fields):
    """The child page of `parent` with this slug, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        report.existing_item(slug)
        return existing.specific
    page = page_class(slug=slug, **fields)
    illustrate(page)
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.created_item(
        f"{page_class._meta.verbose_name} « {page.title} » ({page.get_url() or page.url_path})"
    )
    return page


def child_from_record(parent, page_class, record, report, exclude=()):
    """get_or_create_child for a data file's record: slug, fields, stream `body`."""
    fields = fields_for(page_class, record, exclude={"slug", *exclude})
    if "body" in fields:
        fields["body"] = stream(fields["body"])
    return get_or_create_child(parent, page_class, record["slug"], report, **fields)


def paragraph(html):
    return {"type": "paragraph", "value": html}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def quote(text, role="", institutional_promotion=False):
    value = {"quote": text, "author": "", "role": role}
    if institutional_promotion:
        value["institutional_promotion"] = True
    return {"type": "quote", "value": value}


def stream(blocks):
    """A stream field's data from the data files' short forms: `paragraph: html`,
    `heading: text` (with `level`, h2 by default), `quote: text` (with `role`, and
    `institutional_promotion: true` for an élu's quote hidden during the pre-election
    period);
    {type, value} blocks pass as they are."""
    data = []
    for block in blocks:
        if "paragraph" in block:
            data.append(paragraph(block["paragraph"]))
        elif "heading" in block:
            data.append(heading(block["heading"], block.get("level", "h2")))
        elif "quote" in block:
            data.append(
                quote(
                    block["quote"],
                    block.get("role", ""),
                    block.get("institutional_promotion", False),
                )
            )
        else:
            data.append(block)
    return data


def add_form_fields(page, fields):
    """A form page's fields, in the data file's order."""
    for order, field in enumerate(fields):
        page.form_fields.add(page.form_fields.model(sort_order=order, **field))


def root_page():
    return Page.get_first_root_node()


def is_working_day(day):
    """Neither a weekend, a French public holiday, nor 24 or 31 December."""
    return (
        day.weekday() < 5
        and day not in holidays.France(years=day.year)
        and (day.month, day.day) not in CLOSED_DAYS
    )


def working_day(day):
    """`day`, or the first working day after it: the demo's dates placed relative to the
    day it is loaded fall on days a collectivité's staff would meet."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
