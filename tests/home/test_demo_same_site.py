"""load_demo builds the same site as the one recorded in demo_expected.json.

Same pages (URL path, page type, title, live, depth), same number of rows per model and
the same texts (a hash of each page's text fields and inline rows, and of every other
model's text fields). After an intended change of the demo's content, regenerate the
file and review its diff:

    DEMO_EXPECTED_WRITE=1 .venv/bin/pytest tests/home/test_demo_same_site.py
"""

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model

from home.demo.helpers import DATA_DIR, load_data
from home.models import HomePage
from news.models import EventIndexPage, NewsIndexPage
from projects.models import ProjectIndexPage
from tests.home.demo_fingerprint import fingerprint

EXPECTED = Path(__file__).with_name("demo_expected.json")


@pytest.fixture
def loaded_demo(db):
    call_command("load_demo", stdout=io.StringIO())
    yield
    for document in get_document_model().objects.all():
        document.file.storage.delete(document.file.name)


@pytest.mark.django_db
def test_load_demo_builds_the_expected_site(loaded_demo):
    actual = fingerprint(texts_only=True)
    if os.environ.get("DEMO_EXPECTED_WRITE"):
        EXPECTED.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n")
    expected = json.loads(EXPECTED.read_text())

    pages = [{k: v for k, v in page.items() if k != "content"} for page in actual["pages"]]
    assert pages == [{k: v for k, v in p.items() if k != "content"} for p in expected["pages"]]
    assert actual["counts"] == expected["counts"]
    changed = [
        page["url_path"]
        for page, wanted in zip(actual["pages"], expected["pages"], strict=True)
        if page["content"] != wanted["content"]
    ]
    assert changed == []
    assert actual["rows"] == expected["rows"]


@pytest.mark.parametrize("model", [ProjectIndexPage, NewsIndexPage, EventIndexPage, HomePage])
def test_the_data_files_intro_names_the_model_s_field(model):
    assert model._meta.get_field("intro").name == "intro"


def test_every_data_file_reads_as_a_mapping():
    names = sorted(path.stem for path in DATA_DIR.glob("*.yaml"))
    assert {"site", "projects", "news", "events", "trainings", "alumni", "resources"} <= set(names)
    for name in names:
        assert isinstance(load_data(name), dict), name
