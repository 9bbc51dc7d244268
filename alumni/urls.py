"""/alumni/…: accounts, the member's space, directory, mentors, stories, clubs.

The pages /alumni/, /alumni/temoignages/ and /alumni/clubs/ are Wagtail pages: these
routes come first in cms/urls.py and their slugs are reserved (alumni.models.section).
"""

from django.urls import path

from .views import accounts, clubs, directory, mentors, profile, stories

app_name = "alumni"

urlpatterns = [
    # Accounts
    path("connexion/", accounts.LoginView.as_view(), name="login"),
    path("deconnexion/", accounts.LogoutView.as_view(), name="logout"),
    path("mot-de-passe-oublie/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("activer/<uidb64>/<token>/", accounts.ActivationView.as_view(), name="activate"),
    # The member's own space
    path("mon-profil/", profile.my_profile, name="my_profile"),
    path("mon-profil/modifier/", profile.profile_edit, name="profile_edit"),
    path("mon-profil/mes-donnees/", profile.export, name="export"),
    path("mon-profil/supprimer/", profile.delete, name="delete_account"),
    path("mon-profil/mot-de-passe/", accounts.PasswordChangeView.as_view(), name="password_change"),
    # Directory and mentors
    path("annuaire/", directory.directory, name="directory"),
    path("annuaire/<slug:slug>/", directory.profile, name="profile"),
    path("parrains/", mentors.mentors, name="mentors"),
    path("parrains/reponse/<str:token>/", mentors.mentor_answer, name="mentor_answer"),
    path(
        "parrains/demandes/<int:pk>/<str:answer>/",
        mentors.mentor_answer_from_profile,
        name="mentor_answer_from_profile",
    ),
    path("parrains/demander/<slug:slug>/", mentors.mentor_request, name="mentor_request"),
    # Stories and clubs (their pages are Wagtail's)
    path("temoignages/proposer/", stories.submit, name="story_submit"),
    path("temoignages/<int:pk>/modifier/", stories.edit, name="story_edit"),
    path("clubs/<int:pk>/adhesion/", clubs.membership, name="club_membership"),
]
