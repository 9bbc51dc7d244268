from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from cms.site_address import address_warnings, public_base_url, sync_default_site


class Command(BaseCommand):
    help = (
        "Aligne le site Wagtail par défaut (nom d'hôte, port) sur WAGTAILADMIN_BASE_URL, "
        "l'adresse publique du site. Sans effet si c'est déjà le cas."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        try:
            changes = sync_default_site(using=database)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        from wagtail.models import Site

        if not Site.objects.using(database).filter(is_default_site=True).exists():
            raise CommandError(
                "Aucun site Wagtail par défaut : lancez d'abord python manage.py migrate."
            )
        for line in changes:
            self.stdout.write(self.style.SUCCESS(line))
        if not changes:
            self.stdout.write(f"Le site par défaut est déjà à l'adresse {public_base_url()}/.")
        for line in address_warnings():
            self.stdout.write(self.style.WARNING(line))
