from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from resources.models import Organisation
from resources.reviews import due_for_review, review_state


class Command(BaseCommand):
    help = (
        "Email each organisation's editors the helplines due or overdue for a check. Run it "
        "daily or weekly from cron (or a scheduled task)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show who would be emailed, send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        due = due_for_review(today)
        organisations = Organisation.objects.filter(helplines__in=due).distinct()
        total = organisations.count()
        sent = 0
        for number, organisation in enumerate(organisations, start=1):
            helplines = list(due.filter(organisation=organisation))
            recipients = list(
                get_user_model()
                .objects.filter(groups=organisation.editors, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
            prefix = f"[{number}/{total}] {organisation.name}: {len(helplines)} due"
            if not recipients:
                self.stdout.write(f"{prefix}, no editor with an email address")
                continue
            self.stdout.write(
                f"{prefix}, {'would email' if dry_run else 'emailing'} {len(recipients)} editor(s)"
            )
            if not dry_run:
                send_mail(
                    f"{len(helplines)} helpline(s) to check for {organisation.name}",
                    self.body(organisation, helplines, today),
                    None,
                    recipients,
                )
                sent += 1
        self.stdout.write(self.style.SUCCESS(f"Reminders sent to {sent} organisation(s)."))

    def body(self, organisation, helplines, today):
        lines = [
            f"These helplines of {organisation.name} on Waymark need someone to check that "
            "every detail is still right (numbers, opening hours, languages, who they serve):",
            "",
        ]
        for helpline in helplines:
            due = f", due {helpline.review_due_on:%-d %B %Y}" if helpline.review_due_on else ""
            edit = settings.WAGTAILADMIN_BASE_URL + reverse(
                "wagtailadmin_pages:edit", args=[helpline.pk]
            )
            lines.append(f"- {helpline.title}: {review_state(helpline, today)}{due}")
            lines.append(f"  {edit}")
        lines += [
            "",
            "Once checked, use “Mark as checked” on the helpline in the admin.",
            "See them all: " + settings.WAGTAILADMIN_BASE_URL + reverse("helplines_due_for_review"),
        ]
        return "\n".join(lines)
