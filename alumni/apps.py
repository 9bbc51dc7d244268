from django.apps import AppConfig

# Model permissions of EMI moderators on the network: "add" is the invitation. Their
# page permissions on /alumni/ and the resource library come with the indexes.
MODERATOR_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "alumni.add_alumniprofile",
    "alumni.change_alumniprofile",
    "alumni.view_alumniprofile",
    "alumni.delete_alumniprofile",
    "alumni.view_mentorrequest",
    "alumni.add_trainingmodule",
    "alumni.change_trainingmodule",
    "alumni.delete_trainingmodule",
    "alumni.view_trainingmodule",
    "alumni.add_alumnitheme",
    "alumni.change_alumnitheme",
    "alumni.delete_alumnitheme",
    "alumni.view_alumnitheme",
)


class AlumniConfig(AppConfig):
    name = "alumni"
    verbose_name = "Réseau des alumni"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from cms import page_cache
        from cms.robots import disallow
        from cms.roles import Grants, declare_roles
        from projects.team_links import register_team_link_provider

        from . import setup, signals
        from .links import public_profiles_for_project
        from .models import AlumniIndexPage, ResourceIndexPage, StoryIndexPage
        from .retention import register_rules

        declare_roles(
            "alumni",
            # EMI moderators add, edit and publish under /alumni/ (stories, clubs) and in
            # the resource library.
            emi_indexes=[AlumniIndexPage, ResourceIndexPage],
            moderators=Grants(permissions=MODERATOR_PERMISSIONS),
        )
        # Members' pages: kept out of search engines.
        disallow("alumni:login", "alumni:my_profile", "alumni:mentors")
        # Project pages link the team members whose profile and projects are public.
        register_team_link_provider(public_profiles_for_project)
        # Who the directory and the project pages show depends on the account too (active,
        # in the group Alumni): a change of it clears the cached pages.
        page_cache.watch(get_user_model())
        signals.connect()
        register_rules()
        for model in (AlumniIndexPage, StoryIndexPage, ResourceIndexPage):
            post_save.connect(
                setup.on_index_created,
                sender=model,
                dispatch_uid=f"alumni_setup_{model.__name__}",
            )
