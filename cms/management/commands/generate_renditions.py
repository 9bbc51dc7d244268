"""Make every registered rendition of every image (cms.renditions), idempotent.

Run after a deploy that adds a spec to the registry, or after importing images: what
exists is kept, only what is missing is made.
"""

from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from cms.renditions import ensure_renditions, registered_filter_specs


class Command(BaseCommand):
    help = (
        "Crée les déclinaisons (renditions) déclarées dans cms/renditions.py qui manquent "
        "aux images, pour qu'aucune ne soit faite pendant la visite d'un internaute."
    )

    def handle(self, *args, **options):
        images = get_image_model().objects.order_by("pk")
        total = images.count()
        specs = len(registered_filter_specs())
        self.stdout.write(f"{total} image(s), {specs} déclinaison(s) chacune.")
        made = 0
        for number, image in enumerate(images.iterator(chunk_size=100), start=1):
            made += ensure_renditions(image)
            if number % 50 == 0 or number == total:
                self.stdout.write(f"  {number}/{total} image(s) traitée(s)")
        self.stdout.write(
            self.style.SUCCESS(f"{made} déclinaison(s) créée(s), les autres existaient déjà.")
        )
