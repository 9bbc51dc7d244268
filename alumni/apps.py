from django.apps import AppConfig


def _on_group_saved(sender, instance, created, **kwargs):
    from cms.collectivities import MODERATORS_GROUP_NAME

    if created and instance.name == MODERATORS_GROUP_NAME:
        from .setup import grant_moderator_permissions

        grant_moderator_permissions(instance)


def _on_post_migrate(sender, **kwargs):
    from django.contrib.auth.models import Group

    from cms.collectivities import MODERATORS_GROUP_NAME

    from .setup import grant_moderator_permissions

    group = Group.objects.filter(name=MODERATORS_GROUP_NAME).first()
    if group is not None:
        grant_moderator_permissions(group)


def _on_index_created(sender, instance, created, raw=False, **kwargs):
    """An index created in the admin gets its rights and workflow without a command."""
    if not created or raw:
        return
    from django.db import transaction

    from .setup import ensure_workflow, grant_moderator_permissions

    transaction.on_commit(grant_moderator_permissions)
    transaction.on_commit(ensure_workflow)


class AlumniConfig(AppConfig):
    name = "alumni"
    verbose_name = "Réseau des alumni"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.models import Group
        from django.db.models.signals import post_migrate, post_save

        from cms.sections import register_emi_index
        from projects.team_links import register_team_link_provider

        from . import signals
        from .links import public_profiles_for_project
        from .models import AlumniIndexPage, ResourceIndexPage, StoryIndexPage
        from .retention import register_rules

        # EMI moderators add, edit and publish under /alumni/ (stories, clubs) and in
        # the resource library.
        register_emi_index(AlumniIndexPage)
        register_emi_index(ResourceIndexPage)
        # Project pages link the team members whose profile and projects are public.
        register_team_link_provider(public_profiles_for_project)
        signals.connect()
        register_rules()
        post_save.connect(_on_group_saved, sender=Group, dispatch_uid="alumni_moderators")
        post_migrate.connect(_on_post_migrate, sender=self, dispatch_uid="alumni_moderators")
        for model in (AlumniIndexPage, StoryIndexPage, ResourceIndexPage):
            post_save.connect(
                _on_index_created, sender=model, dispatch_uid=f"alumni_setup_{model.__name__}"
            )
