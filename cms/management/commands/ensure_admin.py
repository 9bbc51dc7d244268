import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Crée un compte administrateur s'il n'en existe aucun et affiche une seule fois "
        "son identifiant et son mot de passe aléatoire."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@emi.localhost")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "Un compte administrateur existe déjà : son mot de passe n'a pas été changé "
                "(python manage.py changepassword admin pour le réinitialiser)."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS("Compte administrateur créé (affiché une seule fois) :")
        )
        self.stdout.write(f"  identifiant : {username}")
        self.stdout.write(f"  mot de passe : {password}")
