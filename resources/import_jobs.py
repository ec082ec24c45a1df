"""Imports confirmed in the admin run as a background task (django-tasks: the database
queue and `manage.py db_worker` in production; at once in development and tests), so a
large file never holds a request open. Its progress is kept in the shared cache, outside
the import's single transaction, where the admin's status page reads it."""

import logging

from django.core.cache import cache
from django.utils import timezone

from django_tasks import task

from .applying import apply_plan
from .hsds_reading import read_hsds
from .importing import plan_import
from .models import PendingImport
from .records import ImportFileError
from .spreadsheets import read_csv

logger = logging.getLogger(__name__)
PROGRESS_KEY = "import-progress:{}"


def read_upload(name, data, countries=""):
    """Records from an uploaded CSV or HSDS (.json) file."""
    try:
        if name.lower().endswith(".json"):
            return read_hsds(data, countries=countries)
        return read_csv(data)
    except UnicodeDecodeError as error:
        raise ImportFileError("The file is not UTF-8 text: save it as “CSV UTF-8”.") from error


def planned(job, duplicates=None):
    """The plan for an upload as it stands now, with the choices made for helplines that
    look like ones already listed (`duplicates`, else those saved with the job)."""
    return plan_import(
        read_upload(job.file_name, bytes(job.data), job.countries),
        user=job.user,
        publish=job.publish,
        create_organisations=job.create_organisations,
        new_countries=job.new_countries,
        duplicates=job.duplicates if duplicates is None else duplicates,
    )


def summary(job, plan):
    skipped = plan.count("skip")
    state = "published" if plan.publish else "saved as drafts for review"
    return (
        f"Imported {job.file_name}: {plan.count('create')} created, {plan.count('update')} "
        f"updated, {plan.count('unchanged')} unchanged"
        + (f", {skipped} skipped as already listed" if skipped else "")
        + f"; {state}."
    )


def queue_import(job, duplicates):
    """Claim a confirmed upload for import, once: False if it was already claimed."""
    claimed = PendingImport.objects.filter(pk=job.pk, status=PendingImport.Status.UPLOADED).update(
        status=PendingImport.Status.QUEUED, duplicates=duplicates
    )
    if claimed:
        import_task.enqueue(job.pk)
    return bool(claimed)


def progress(job):
    """(helplines done, helplines in all) while the import runs, else None."""
    return cache.get(PROGRESS_KEY.format(job.token))


@task()
def import_task(job_id):
    job = PendingImport.objects.filter(pk=job_id, status=PendingImport.Status.QUEUED).first()
    if job is None:
        return
    job.status = PendingImport.Status.RUNNING
    job.save(update_fields=["status"])
    key = PROGRESS_KEY.format(job.token)

    def advance(done, total):
        cache.set(key, (done, total), timeout=3600)

    try:
        plan = planned(job)
        if not plan.is_valid:
            job.status = PendingImport.Status.FAILED
            job.result = (
                "The helplines changed between the preview and the import, and the file no "
                "longer fits: nothing was imported. Upload it again to see why."
            )
        else:
            apply_plan(plan, user=job.user, progress=advance)
            job.status = PendingImport.Status.DONE
            job.result = summary(job, plan)
    except Exception:
        # Whatever went wrong, the transaction rolled back: say so on the job's page rather
        # than leave it "importing" for ever, and log the details for the team.
        logger.exception("Import %s failed", job.pk)
        job.status = PendingImport.Status.FAILED
        job.result = (
            "Nothing was imported: something went wrong while saving, and the team has been "
            "told. Try again later."
        )
    finally:
        cache.delete(key)
    job.data, job.finished_at = b"", timezone.now()
    job.save(update_fields=["status", "result", "data", "finished_at"])
