import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create or update the 'admin' superuser and print how to sign in. The password comes "
        "from WAYMARK_ADMIN_PASSWORD, or is generated afresh on every run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        password = os.environ.get("WAYMARK_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        source = (
            "from WAYMARK_ADMIN_PASSWORD" if "WAYMARK_ADMIN_PASSWORD" in os.environ else "generated"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Sign in to /admin/ as '{username}' with password {password} ({source})."
            )
        )
