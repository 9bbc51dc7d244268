"""Admin hooks of the login protections (imported by cms.wagtail_hooks).

"Connexions bloquées" (Paramètres) and "Double authentification" (account menu) are for
administrators and "Modérateurs EMI" only; their views answer 403 to anyone else.
"""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .logins import LockoutsView
from .roles import is_moderator
from .two_factor import EnrolView, VerifyView


@hooks.register("register_admin_urls")
def login_protection_urls():
    return [
        path("connexions-bloquees/", LockoutsView.as_view(), name="emi_lockouts"),
        path("double-authentification/", EnrolView.as_view(), name="emi_two_factor_enrol"),
        path(
            "double-authentification/verifier/",
            VerifyView.as_view(),
            name="emi_two_factor_verify",
        ),
    ]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return ModeratorMenuItem(
        "Connexions bloquées", reverse("emi_lockouts"), icon_name="lock", order=900
    )


@hooks.register("register_settings_menu_item")
def two_factor_menu_item():
    return ModeratorMenuItem(
        "Double authentification", reverse("emi_two_factor_enrol"), icon_name="key", order=910
    )
