from django.core.management.base import BaseCommand

from resources.roles import set_up_roles


class Command(BaseCommand):
    help = (
        "Create or update the editor, moderator and clinical reviewer groups, each "
        "organisation's editors group and media collection, and the review workflows. "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        for group in set_up_roles():
            self.stdout.write(f"  {group.name}: {group.permissions.count()} permissions")
        self.stdout.write(self.style.SUCCESS("Roles and workflows are set up."))
