"""What every page directly under /alumni/ shares: it never takes the address of a route."""

from django.core.exceptions import ValidationError

# Paths of alumni/urls.py under /alumni/: no page may take them as its slug.
ALUMNI_ROUTE_SLUGS = frozenset(
    {
        "connexion",
        "deconnexion",
        "mot-de-passe-oublie",
        "mot-de-passe",
        "activer",
        "mon-profil",
        "annuaire",
        "parrains",
    }
)


class AlumniSectionMixin:
    """Children of /alumni/ never take the address of one of its routes."""

    def clean(self):
        super().clean()
        if self.slug in ALUMNI_ROUTE_SLUGS:
            raise ValidationError(
                {
                    "slug": f"« {self.slug} » est réservé à une page du réseau des alumni ; "
                    "choisissez un autre identifiant."
                }
            )
