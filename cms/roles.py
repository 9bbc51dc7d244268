"""The editorial roles: who may do what in the admin, declared by each app, applied here.

Three roles exist: the EMI moderators (one group, "Modérateurs EMI") and, for each
collectivité, its contributors ("Contributeurs — <nom>") and its référents
("Référents — <nom>"). `cms` never imports the apps above it (DESIGN.md): each app
declares, in its AppConfig.ready() and without touching the database, what the roles
may do with its own models:

    declare_roles(
        "projects",
        sections=[(ProjectIndexPage, ProjectSectionPage)],
        moderators=Grants(permissions=["projects.add_cohort", ...]),
    )

`apply_roles()` turns every declaration into group, page and collection permissions.
It is idempotent, called after every `migrate` (for the groups that exist), by the
collectivité spaces (`add_collectivity`, the collectivités admin, the demo) and when
an index page is created.

Only the moderators publish: a collectivité group never keeps a publish permission.
"""

from dataclasses import dataclass, field
from functools import partial

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.signals import post_migrate, post_save
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import sections as section_registry
from .models import Collectivity

MODERATORS_GROUP_NAME = "Modérateurs EMI"

# Page actions no collectivité group may hold: publishing skips the workflow.
FORBIDDEN_MEMBER_PAGE_ACTIONS = ("publish", "bulk_delete", "unlock")


def contributors_group_name(collectivity):
    return f"Contributeurs — {collectivity.name}"


def referents_group_name(collectivity):
    return f"Référents — {collectivity.name}"


@dataclass(frozen=True)
class Grants:
    """What one role may do, as one app declares it.

    - `permissions`: model permissions, "app_label.codename";
    - `page_actions`: page permissions (wagtailcore.<action>_page) on a page and its
      descendants: for the moderators on every moderated index, for a collectivité's
      groups on that collectivité's sections;
    - `collection_permissions`: "app_label.codename" on a collection and its children:
      for the moderators the root collection, for a collectivité's groups its own.
    """

    permissions: tuple = ()
    page_actions: tuple = ()
    collection_permissions: tuple = ()


@dataclass(frozen=True)
class RoleDeclaration:
    app_label: str
    moderators: Grants = field(default_factory=Grants)
    contributors: Grants = field(default_factory=Grants)
    referents: Grants = field(default_factory=Grants)


_declarations: dict[str, RoleDeclaration] = {}


class EMIModeratorsPermissionPolicy(ModelPermissionPolicy):
    """Every action to the EMI moderators, without a per-model grant.

    For models holding personal data that the collectivités' people never see: a fresh
    install or a new moderator works at once; anyone else needs Django's model
    permissions, given explicitly.
    """

    def user_has_permission(self, user, action):
        if user.is_active and is_moderator(user):
            return True
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        moderators = get_user_model().objects.filter(
            is_active=True, groups__name=MODERATORS_GROUP_NAME
        )
        return (super().users_with_any_permission(actions) | moderators).distinct()


class NoAdminAddPermissionPolicy(ModelPermissionPolicy):
    """Records that come from a public form only: nobody adds one in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


def declare_roles(
    app_label,
    *,
    sections=(),
    emi_indexes=(),
    moderators=None,
    contributors=None,
    referents=None,
    moderators_manage=(),
    public_form_only=(),
):
    """Declare what the roles may do with `app_label`'s models (no database access).

    - `sections`: (index page type, section page type) pairs: each collectivité gets a
      section under the index; its groups edit there, the moderators publish;
    - `emi_indexes`: index page types that hold EMI's own content only, edited and
      published by the moderators;
    - `moderators`, `contributors`, `referents`: `Grants`;
    - `moderators_manage`: models the moderators manage entirely, through a permission
      policy rather than group permissions (personal data: registrations...);
    - `public_form_only`: models nobody may add in the admin.
    """
    for index_model, section_model in sections:
        section_registry.register_section(index_model, section_model)
    for index_model in emi_indexes:
        section_registry.register_emi_index(index_model)
    for model in moderators_manage:
        register_permission_policy(model, EMIModeratorsPermissionPolicy(model))
    for model in public_form_only:
        register_permission_policy(model, NoAdminAddPermissionPolicy(model), exact_class=True)
    _declarations[app_label] = RoleDeclaration(
        app_label,
        moderators=moderators or Grants(),
        contributors=contributors or Grants(),
        referents=referents or Grants(),
    )
    for index_model in section_registry.moderated_index_models():
        post_save.connect(
            _on_index_created, sender=index_model, dispatch_uid=f"cms_roles_{index_model.__name__}"
        )


def declarations():
    return list(_declarations.values())


def _merged(role):
    """Every app's grants for `role` ("moderators", "contributors", "referents")."""
    permissions, page_actions, collection_permissions = [], [], []
    for declaration in _declarations.values():
        grants = getattr(declaration, role)
        for target, values in (
            (permissions, grants.permissions),
            (page_actions, grants.page_actions),
            (collection_permissions, grants.collection_permissions),
        ):
            target.extend(value for value in values if value not in target)
    return Grants(tuple(permissions), tuple(page_actions), tuple(collection_permissions))


# Where load_user_access keeps the names of a user's groups for the request.
_GROUP_NAMES_ATTR = "_emi_group_names"

# --- who is who ----------------------------------------------------------------------


def is_moderator(user):
    names = getattr(user, _GROUP_NAMES_ATTR, None)
    return user.is_active and (
        user.is_superuser
        or (
            MODERATORS_GROUP_NAME in names
            if names is not None
            else user.groups.filter(name=MODERATORS_GROUP_NAME).exists()
        )
    )


def load_user_access(user):
    """Read a logged-in user's groups and permissions in one query, once per request.

    The groups answer `is_moderator`; the permissions fill the caches Django's
    ModelBackend keeps on the user for `has_perm` (which reads them in two queries).
    """
    text = CharField()
    groups = user.groups.values_list(Value("group", text), "name", Value("", text))
    own = Permission.objects.filter(user=user).values_list(
        Value("user", text), "content_type__app_label", "codename"
    )
    shared = Permission.objects.filter(group__user=user).values_list(
        Value("groups", text), "content_type__app_label", "codename"
    )
    rows = groups.order_by().union(own.order_by(), shared.order_by(), all=True)
    found = {"group": set(), "user": set(), "groups": set()}
    for kind, first, second in rows:
        found[kind].add(first if kind == "group" else f"{first}.{second}")
    setattr(user, _GROUP_NAMES_ATTR, found["group"])
    if not user.is_superuser:  # a superuser's permissions are all of them (Django)
        user._user_perm_cache = found["user"]
        user._group_perm_cache = found["groups"]
    return user


def moderators_group():
    return Group.objects.filter(name=MODERATORS_GROUP_NAME).first()


# --- applying the declarations -------------------------------------------------------


def _permissions(names):
    """The Permission rows named "app_label.codename" (those that exist yet)."""
    wanted = [tuple(name.split(".", 1)) for name in names]
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.filter(
            codename__in=[codename for _app, codename in wanted]
        ).select_related("content_type")
    }
    return [found[key] for key in wanted if key in found]


def _page_permissions(actions):
    return _permissions([f"wagtailcore.{action}_page" for action in actions])


def _grant_pages(group, pages, actions):
    permissions = _page_permissions(actions)
    for page in pages:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page.pk, permission=permission
            )


def _grant_collection(group, collection, names):
    for permission in _permissions(names):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def apply_moderator_roles(group=None, *, report=None):
    """Give the moderators' group everything the apps declared for it; returns it.

    The group is created if missing (unless one is given).
    """
    if group is None:
        group, created = Group.objects.get_or_create(name=MODERATORS_GROUP_NAME)
        if created and report is not None:
            report.created(f"groupe « {group.name} »")
    grants = _merged("moderators")
    group.permissions.add(*_permissions(grants.permissions))
    indexes = [
        index
        for index_model in section_registry.moderated_index_models()
        for index in index_model.objects.all()
    ]
    _grant_pages(group, indexes, grants.page_actions)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        _grant_collection(group, root_collection, grants.collection_permissions)
    return group


def collectivity_sections(collectivity):
    """The section pages of `collectivity`, under every registered index."""
    return [
        section
        for model in section_registry.section_models()
        for section in model.objects.filter(collectivity=collectivity)
    ]


def apply_member_roles(group, role, sections, collection, *, report=None):
    """Give a collectivité's group ("contributors" or "referents") what the apps declared.

    Page actions on its `sections`, collection permissions on its `collection`; any
    publish permission it holds is taken away (whoever can publish skips moderation).
    """
    grants = _merged(role)
    group.permissions.add(*_permissions(grants.permissions))
    _grant_pages(group, sections, grants.page_actions)
    if collection is not None:
        _grant_collection(group, collection, grants.collection_permissions)
    forbidden = GroupPagePermission.objects.filter(
        group=group,
        permission__content_type__app_label="wagtailcore",
        permission__codename__in=[f"{action}_page" for action in FORBIDDEN_MEMBER_PAGE_ACTIONS],
    )
    if forbidden.exists():
        forbidden.delete()
        if report is not None:
            report.warning(
                f"groupe « {group.name} » : droit de publier retiré (seuls les "
                f"{MODERATORS_GROUP_NAME} publient)"
            )


def apply_roles(*, create_moderators=True, report=None):
    """Apply every declaration: the moderators' group and every collectivité's groups.

    With `create_moderators=False` (after `migrate`), only groups that exist are
    updated. Returns the moderators' group (None if it does not exist and was not
    created).
    """
    group = None if create_moderators else moderators_group()
    if create_moderators or group is not None:
        group = apply_moderator_roles(group, report=report)
    for collectivity in Collectivity.objects.select_related(
        "contributors_group", "referents_group", "collection"
    ):
        sections = None
        for role, member_group in (
            ("contributors", collectivity.contributors_group),
            ("referents", collectivity.referents_group),
        ):
            if member_group is None:
                continue
            if sections is None:
                sections = collectivity_sections(collectivity)
            apply_member_roles(member_group, role, sections, collectivity.collection, report=report)
    return group


# --- when to apply them --------------------------------------------------------------


def _last_migrated_app():
    return [config for config in apps.get_app_configs() if config.models_module is not None][-1]


def _on_post_migrate(sender, **kwargs):
    # Once per `migrate`, after the last app's: every permission exists by then.
    if sender is _last_migrated_app():
        apply_roles(create_moderators=False)


def _on_group_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.name == MODERATORS_GROUP_NAME:
        apply_moderator_roles(instance)


def _on_index_created(sender, instance, created, raw=False, **kwargs):
    """An index created in the admin gets its rights without a command."""
    if created and not raw:
        transaction.on_commit(partial(apply_roles, create_moderators=True))


def connect():
    """Called by CmsConfig.ready()."""
    post_migrate.connect(_on_post_migrate, dispatch_uid="cms_apply_roles")
    post_save.connect(_on_group_saved, sender=Group, dispatch_uid="cms_moderators_group")
