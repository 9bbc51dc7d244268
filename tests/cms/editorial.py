"""Helpers for the editorial tests: people, admin requests, emails.

Everything goes through the real admin views with Django's test client.
"""

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils.text import slugify
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import CustomImage

PASSWORD = "mot-de-passe-de-test"


def make_user(username, *groups, superuser=False):
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(
            username=username, email=f"{username}@example.test", password=PASSWORD
        )
    else:
        user = User.objects.create_user(
            username=username, email=f"{username}@example.test", password=PASSWORD
        )
    for group in groups:
        user.groups.add(group)
    return user


def is_denied(response):
    """The admin's permission-denied answers: a 403, or its redirect with a message.

    Wagtail turns a PermissionDenied into a redirect to the dashboard (a logged-in user
    with admin access) or to the login page (anyone else).
    """
    if response.status_code == 403:
        return True
    if response.status_code != 302:
        return False
    return response.url == reverse("wagtailadmin_home") or response.url.startswith(
        reverse("wagtailadmin_login")
    )


def response_html(response):
    """The HTML of an admin response, modal choosers included (they answer in JSON)."""
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json().get("html") or ""
    return response.content.decode()


def news_form_data(title, *, summary="Un résumé de l'actualité.", slug=None, **extra):
    data = {
        "title": title,
        "slug": slug or slugify(title),
        "date": "2026-11-20",
        "summary": summary,
        "tags": "",
        "body": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(extra)
    return nested_form_data(data)


def add_news(client, parent, title, *, action="action-submit", **extra):
    """POST the admin's create form for a news page under `parent`."""
    url = reverse("wagtailadmin_pages:add", args=("news", "newspage", parent.pk))
    data = news_form_data(title, **extra)
    if action:
        data[action] = "1"
    return client.post(url, data)


def edit_news(client, page, *, action="action-submit", **fields):
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    page = page.specific
    values = {"title": page.title, "slug": page.slug, "summary": page.summary}
    values.update(fields)
    data = news_form_data(values.pop("title"), **values)
    if action:
        data[action] = "1"
    return client.post(url, data)


def workflow_action(client, page, action, comment=""):
    """Approve or reject (request changes on) the page's current task, as the admin does."""
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    assert task_state is not None, "la page n'est pas en cours de modération"
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


def make_image(collection, title, owner=None):
    return CustomImage.objects.create(
        title=title,
        alt_text=title,
        collection=collection,
        uploaded_by_user=owner,
        file=get_test_image_file(filename=f"{slugify(title)}.png"),
    )


def recipients_by_message():
    """Each sent email's recipients, in sending order, as sorted lists."""
    return [sorted(message.to) for message in mail.outbox]


def emailed_one_by_one(*users):
    """Whether the outbox holds exactly one email to each of these people, and no other."""
    return sorted(recipients_by_message()) == sorted([user.email] for user in users)


def all_recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def emails_of(*users):
    return sorted(user.email for user in users)
