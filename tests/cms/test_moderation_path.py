"""The moderation path through the admin: who is emailed at each step, what goes live."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState

from cms.collectivities import ensure_collectivity_space

from .conftest import news_section
from .editorial import (
    add_news,
    edit_news,
    emailed_one_by_one,
    emails_of,
    is_denied,
    recipients_by_message,
    workflow_action,
)

pytestmark = pytest.mark.django_db


def news_page(slug):
    from news.models import NewsPage

    return NewsPage.objects.get(slug=slug)


def submit_as(client, user, section, title, **extra):
    client.force_login(user)
    response = add_news(client, section, title, **extra)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = news_page(extra.get("slug") or _slug(title))
    assert page.workflow_in_progress
    return page


def _slug(title):
    from django.utils.text import slugify

    return slugify(title)


def act_as(client, user, page, action, comment=""):
    client.force_login(user)
    response = workflow_action(client, page, action, comment)
    assert response.status_code == 302 and not is_denied(response), response.get("Location")
    page.refresh_from_db()
    return page


def test_full_path_emails_exactly_the_right_people_and_publishes(client, people, space_a):
    section = news_section(space_a)

    page = submit_as(client, people.contributor_a, section, "Le forum des agents de l'Aube")
    assert not page.live
    # Step 1: the référents of A only; neither B, nor the moderators, nor the superuser.
    assert recipients_by_message() == [emails_of(people.referent_a)]
    assert "Relecture des référents — Département de l'Aube" in mail.outbox[0].subject

    mail.outbox.clear()
    page = act_as(client, people.referent_a, page, "approve")
    assert not page.live
    # Step 2: every EMI moderator, one email each.
    assert emailed_one_by_one(people.moderator, people.moderator_2)
    assert all("Validation EMI" in message.subject for message in mail.outbox)

    mail.outbox.clear()
    page = act_as(client, people.moderator, page, "approve")
    assert page.live
    # The author hears that the page is published.
    assert recipients_by_message() == [emails_of(people.contributor_a)]

    client.logout()
    public = client.get("/actualites/aube/le-forum-des-agents-de-laube/")
    assert public.status_code == 200
    assert "Le forum des agents de l&#x27;Aube" in public.content.decode()
    assert "Le forum des agents de l&#x27;Aube" in client.get("/actualites/aube/").content.decode()
    assert "Le forum des agents de l&#x27;Aube" in client.get("/actualites/").content.decode()


def test_every_step_is_in_the_history_log(client, people, space_a):
    page = submit_as(client, people.contributor_a, news_section(space_a), "Atelier usagers")
    act_as(client, people.referent_a, page, "approve")
    act_as(client, people.moderator, page, "approve")

    entries = [
        (entry.action, entry.user_id)
        for entry in PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
    ]
    assert ("wagtail.create", people.contributor_a.pk) in entries
    assert ("wagtail.workflow.start", people.contributor_a.pk) in entries
    assert ("wagtail.workflow.approve", people.referent_a.pk) in entries
    assert ("wagtail.workflow.approve", people.moderator.pk) in entries
    assert ("wagtail.publish", people.moderator.pk) in entries

    client.force_login(people.moderator)
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert history.status_code == 200
    html = history.content.decode()
    assert "referent-a" in html and "moderatrice" in html


def test_rejection_returns_the_page_to_its_author_who_edits_and_resubmits(client, people, space_a):
    section = news_section(space_a)
    page = submit_as(client, people.contributor_a, section, "Projet de tiers-lieu")

    mail.outbox.clear()
    page = act_as(client, people.referent_a, page, "reject", "Précisez la date et le lieu, merci.")
    assert not page.live
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    # By email, with the comment, to the author only.
    assert recipients_by_message() == [emails_of(people.contributor_a)]
    assert "Précisez la date et le lieu, merci." in mail.outbox[0].body

    # In the admin: the author's dashboard and edit view show the requested changes.
    client.force_login(people.contributor_a)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Projet de tiers-lieu" in dashboard
    edit_html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Précisez la date et le lieu, merci." in edit_html

    # The author edits and resubmits: step 1 starts again, the référents are told.
    mail.outbox.clear()
    response = edit_news(
        client,
        page,
        title="Projet de tiers-lieu à Troyes",
        summary="Le 12 mars, salle des fêtes de Troyes.",
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert recipients_by_message() == [emails_of(people.referent_a)]

    act_as(client, people.referent_a, page, "approve")
    page = act_as(client, people.moderator, page, "approve")
    assert page.live
    assert page.title == "Projet de tiers-lieu à Troyes"


def test_rejection_at_step_2_goes_back_to_the_author_then_to_emi(client, people, space_a):
    page = submit_as(client, people.contributor_a, news_section(space_a), "Bilan de session")
    act_as(client, people.referent_a, page, "approve")

    mail.outbox.clear()
    act_as(client, people.moderator, page, "reject", "Ajoutez un résumé plus précis.")
    assert recipients_by_message() == [emails_of(people.contributor_a)]
    assert "Ajoutez un résumé plus précis." in mail.outbox[0].body

    mail.outbox.clear()
    client.force_login(people.contributor_a)
    edit_news(client, page, summary="Douze agents formés, trois projets lancés.")
    # Resubmitted where it was sent back: the validation by EMI.
    assert emailed_one_by_one(people.moderator, people.moderator_2)
    page = act_as(client, people.moderator_2, page, "approve")
    assert page.live


def test_a_collectivity_without_referents_is_never_blocked(client, people, indexes):
    space = ensure_collectivity_space("Ville de Nogent", short_name="Nogent", kind="commune")
    from .editorial import make_user

    contributor = make_user("contributeur-nogent", space.contributors_group)
    page = submit_as(client, contributor, news_section(space), "Nouveau marché couvert")

    # No référent to tell: EMI moderators, who may approve step 1, are emailed instead.
    assert emailed_one_by_one(people.moderator, people.moderator_2)
    assert "Relecture des référents — Ville de Nogent" in mail.outbox[0].subject

    mail.outbox.clear()
    act_as(client, people.moderator, page, "approve")
    # Step 2: the other moderator (the one who just approved is not told of her own act).
    assert recipients_by_message() == [emails_of(people.moderator_2)]

    mail.outbox.clear()
    page = act_as(client, people.moderator, page, "approve")
    assert page.live
    assert recipients_by_message() == [emails_of(contributor)]


def test_referents_who_submit_their_own_page_follow_the_same_path(client, people, space_a):
    page = submit_as(client, people.referent_a, news_section(space_a), "Mot du référent")
    # The only référent is the author: nobody else in the space can be told, so EMI is.
    assert emailed_one_by_one(people.moderator, people.moderator_2)
    assert not page.live


def test_a_scheduled_publication_is_honoured_after_approval(client, people, space_a):
    go_live = timezone.now() + datetime.timedelta(days=3)
    page = submit_as(
        client,
        people.contributor_a,
        news_section(space_a),
        "Journée portes ouvertes",
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
    )
    act_as(client, people.referent_a, page, "approve")
    page = act_as(client, people.moderator, page, "approve")

    assert not page.live
    revision = page.get_latest_revision()
    assert revision.approved_go_live_at is not None

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live

    later = go_live + datetime.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


def test_emi_moderators_publish_their_own_news_directly_under_the_index(client, people, indexes):
    client.force_login(people.moderator)
    response = add_news(
        client, indexes.news, "Ouverture de la promotion 12", action="action-publish"
    )
    assert response.status_code == 302
    page = news_page("ouverture-de-la-promotion-12")
    assert page.live
    assert page.get_parent().pk == indexes.news.pk
    assert not WorkflowState.objects.for_instance(page).exists()
    assert mail.outbox == []
    client.logout()
    assert client.get("/actualites/ouverture-de-la-promotion-12/").status_code == 200


def test_dashboards_show_each_person_what_waits_for_them(client, people, space_a, space_b):
    page = submit_as(client, people.contributor_a, news_section(space_a), "Atelier design")

    client.force_login(people.contributor_a)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Votre espace de publication" in dashboard
    assert reverse("wagtailadmin_explore", args=[news_section(space_a).pk]) in dashboard
    assert "Atelier design" in dashboard  # in moderation

    client.force_login(people.referent_a)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Atelier design" in dashboard  # awaiting their review
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in dashboard

    client.force_login(people.referent_b)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Atelier design" not in dashboard
    assert "Ville de Beauvais" in dashboard  # their own space

    client.force_login(people.moderator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Atelier design" in dashboard  # moderators may approve step 1 too
    assert "Votre espace de publication" not in dashboard


def test_the_section_page_shows_the_collectivity(client, space_a):
    collectivity = space_a.collectivity
    collectivity.website = "https://www.aube.fr/"
    collectivity.save()
    html = client.get("/actualites/aube/").content.decode()
    assert "<h1>Département de l&#x27;Aube</h1>" in html
    assert 'href="https://www.aube.fr/"' in html and "(site externe)" in html
    assert "à l'EMI depuis 2022" in html
    for path in ("/projets/aube/", "/agenda/aube/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.content.decode().count("<h1") == 1
        assert "Département de l&#x27;Aube" in response.content.decode()
