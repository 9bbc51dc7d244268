from wagtail.models import Page


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


def get_or_create_child(parent, page_class, slug, report, **fields):
    """The child page of `parent` with this slug, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        report.existing_item(slug)
        return existing.specific
    page = page_class(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.created_item(
        f"{page_class._meta.verbose_name} « {page.title} » ({page.get_url() or page.url_path})"
    )
    return page


def paragraph(html):
    return {"type": "paragraph", "value": html}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def quote(text, role=""):
    return {"type": "quote", "value": {"quote": text, "author": "", "role": role}}


def root_page():
    return Page.get_first_root_node()
