"""The roles registry (cms.roles): every app's declarations, applied the same way after
`migrate`, by `add_collectivity` and when the moderators' group is created."""

import io

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models.signals import post_migrate
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from cms import roles
from cms.models import Collectivity

pytestmark = pytest.mark.django_db


def snapshot():
    """Every group's model, page and collection permissions, as comparable sets."""
    return {
        group.name: (
            {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()},
            set(
                GroupPagePermission.objects.filter(group=group).values_list(
                    "page_id", "permission__codename"
                )
            ),
            set(
                GroupCollectionPermission.objects.filter(group=group).values_list(
                    "collection_id", "permission__codename"
                )
            ),
        )
        for group in Group.objects.order_by("name")
    }


def forget_every_permission():
    for group in Group.objects.all():
        group.permissions.clear()
    GroupPagePermission.objects.all().delete()
    GroupCollectionPermission.objects.all().delete()


def run_post_migrate():
    last = roles._last_migrated_app()
    post_migrate.send(
        sender=last,
        app_config=last,
        verbosity=0,
        interactive=False,
        using="default",
        apps=global_apps,
        plan=[],
    )


@pytest.fixture
def added(indexes):
    call_command(
        "add_collectivity",
        "Département de la Somme",
        "--short-name",
        "Somme",
        "--contributor",
        "contributrice@example.test",
        "--referent",
        "referente@example.test",
        stdout=io.StringIO(),
    )
    return Collectivity.objects.get(short_name="Somme")


def test_every_app_declares_its_roles():
    labels = {declaration.app_label for declaration in roles.declarations()}
    assert {"cms", "projects", "news", "alumni"} <= labels


def test_post_migrate_gives_the_same_permissions_as_add_collectivity(added):
    after_command = snapshot()
    assert roles.MODERATORS_GROUP_NAME in after_command
    assert roles.contributors_group_name(added) in after_command
    assert roles.referents_group_name(added) in after_command

    forget_every_permission()
    assert not any(any(parts) for parts in snapshot().values())
    run_post_migrate()
    assert snapshot() == after_command


def test_the_groups_hold_what_the_apps_declared(added):
    moderators, pages, collections = snapshot()[roles.MODERATORS_GROUP_NAME]
    for declaration in roles.declarations():
        assert set(declaration.moderators.permissions) <= moderators, declaration.app_label
    assert {codename for _page, codename in pages} == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }
    assert {codename for _collection, codename in collections} == {
        "add_image",
        "choose_image",
        "change_image",
        "add_document",
        "choose_document",
        "change_document",
    }
    for name in (roles.contributors_group_name(added), roles.referents_group_name(added)):
        permissions, pages, collections = snapshot()[name]
        assert permissions == {"wagtailadmin.access_admin"}
        assert {codename for _page, codename in pages} == {"add_page", "change_page"}
        assert {page for page, _codename in pages} == {
            section.pk for section in roles.collectivity_sections(added)
        }
        assert {collection for collection, _codename in collections} == {added.collection_id}


def test_a_moderators_group_created_by_hand_gets_the_whole_role(added):
    expected = snapshot()[roles.MODERATORS_GROUP_NAME]
    Group.objects.get(name=roles.MODERATORS_GROUP_NAME).delete()
    Group.objects.create(name=roles.MODERATORS_GROUP_NAME)
    assert snapshot()[roles.MODERATORS_GROUP_NAME] == expected


def test_post_migrate_creates_no_group(db):
    run_post_migrate()
    assert not Group.objects.filter(name=roles.MODERATORS_GROUP_NAME).exists()
