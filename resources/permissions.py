"""Who may change what: organisations, their editors, moderators and clinical reviewers.

Roles are Wagtail groups:
- each organisation has an editors group (created with the organisation) whose members may
  create and edit that organisation's helplines, guides and campaigns and submit them for
  review, and add images and documents to the organisation's collection; they may also
  choose images and documents from the "Shared" collection, and never see another
  organisation's;
- moderators may edit, publish, unpublish, move and delete any helpline, guide or campaign;
- clinical reviewers approve or send back self-care guides in the clinical review workflow;
- moderators also ask for translations (wagtail-localize) and publish them; translators
  edit the Welsh, Spanish and French translations of any page, never the English
  originals, and cannot publish;
- site administrators (superusers) manage everything.

Wagtail grants page permissions on a subtree, but every helpline is a child of the one
directory page, so permission to change a page also requires belonging to its organisation
or managing every organisation (see OrganisationPagePermissionTester).

`set_up_roles` (resources/roles.py) creates all of this and the review workflows.
"""

from wagtail.models import PagePermissionTester

from core.languages import is_original

MODERATORS = "Moderators"
CLINICAL_REVIEWERS = "Clinical reviewers"
TRANSLATORS = "Translators"
SUBMIT_TRANSLATION = ("wagtail_localize", "submit_translation")
# The workflows that review organisations' pages before they go live.
MODERATION = "Moderation"
CLINICAL_REVIEW = "Clinical review"
ADMIN_ACCESS = ("wagtailadmin", "access_admin")
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
EDITOR_MEDIA_PERMISSIONS = ("add", "change", "choose")
MEDIA_MODELS = (("wagtailimages", "image"), ("wagtaildocs", "document"))
# Images and documents every organisation may use. Wagtail's collection permissions reach
# every collection below the one granted, so editors are granted this one, not the root
# (which holds each organisation's collection).
SHARED_COLLECTION = "Shared"


def organisation_ids_for(user):
    """The organisations whose editors group `user` belongs to (cached on the user)."""
    if not hasattr(user, "_waymark_organisation_ids"):
        user._waymark_organisation_ids = (
            set(
                user.groups.filter(organisation__isnull=False).values_list(
                    "organisation__id", flat=True
                )
            )
            if user.is_authenticated
            else set()
        )
    return user._waymark_organisation_ids


def manages_all_organisations(user):
    """Administrators and moderators act on every organisation's pages (cached on the user)."""
    if not hasattr(user, "_waymark_manages_all"):
        user._waymark_manages_all = user.is_active and (
            user.is_superuser or user.groups.filter(name=MODERATORS).exists()
        )
    return user._waymark_manages_all


def translates(user):
    """Translators work on every organisation's translations (cached on the user)."""
    if not hasattr(user, "_waymark_translates"):
        user._waymark_translates = user.is_active and user.groups.filter(name=TRANSLATORS).exists()
    return user._waymark_translates


class OrganisationPagePermissionTester(PagePermissionTester):
    """Wagtail's permission rules, limited to pages of the user's own organisations.

    Someone outside the organisation can still open the editor when a workflow task gives
    them the page to review (clinical reviewers), but cannot change it otherwise.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        self.in_organisation = (
            manages_all_organisations(user)
            or (
                page.organisation_id is not None
                and page.organisation_id in organisation_ids_for(user)
            )
            or (translates(user) and not is_original(page))
        )

    def can_edit(self):
        if self.in_organisation:
            return super().can_edit()
        task = self.page.current_workflow_task
        return bool(task and task.user_can_access_editor(self.page, self.user))

    def can_delete(self, ignore_bulk=False):
        return self.in_organisation and super().can_delete(ignore_bulk)

    def can_unpublish(self):
        return self.in_organisation and super().can_unpublish()

    def can_publish(self):
        return self.in_organisation and super().can_publish()

    def can_submit_for_moderation(self):
        return self.in_organisation and super().can_submit_for_moderation()

    def can_lock(self):
        return self.in_organisation and super().can_lock()

    def can_copy(self):
        return self.in_organisation and super().can_copy()


class OrganisationPage:
    """Mixin for pages that belong to an organisation (they have an `organisation` field)."""

    # The workflow that reviews pages of this type before they are published.
    review_workflow = MODERATION

    def permissions_for_user(self, user):
        return OrganisationPagePermissionTester(user, self)
