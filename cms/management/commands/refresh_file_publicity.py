"""Recompute which images are public from Wagtail's reference index (cms.publicity).

The site does it on every publication, unpublication, move, deletion and change of a
view restriction; run this after changing pages outside the site (a data import, a
restore) or after `manage.py rebuild_references_index`.
"""

from django.core.management.base import BaseCommand

from cms.publicity import refresh_image_publicity


class Command(BaseCommand):
    help = (
        "Recalcule quelles images sont publiques (utilisées par une page publiée visible "
        "de tous) et déplace leurs déclinaisons du côté public ou privé qui convient."
    )

    def handle(self, *args, **options):
        made_public, made_private = refresh_image_publicity()
        self.stdout.write(
            f"{made_public} image(s) rendue(s) publique(s), {made_private} redevenue(s) privée(s)."
        )
