"""Roles, workflows and the permissions behind them, made by `set_up_roles` (the
set_up_roles command, safe to run again) and for each new organisation.

Moderators, clinical reviewers, translators and one editors group per organisation are
Wagtail groups (see resources/permissions.py for what each may do); the review workflows
are "Clinical review" for guides and "Moderation" for helplines and campaigns.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
    get_page_models,
)

from core.languages import default_locale_id

from .models import Organisation
from .permissions import (
    ADMIN_ACCESS,
    CLINICAL_REVIEW,
    CLINICAL_REVIEWERS,
    EDITOR_MEDIA_PERMISSIONS,
    EDITOR_PAGE_PERMISSIONS,
    MEDIA_MODELS,
    MODERATION,
    MODERATOR_PAGE_PERMISSIONS,
    MODERATORS,
    SHARED_COLLECTION,
    SUBMIT_TRANSLATION,
    TRANSLATORS,
    OrganisationPage,
)


def section_models(workflow=None):
    """The index page types under which organisations publish (the directory, guides,
    campaigns): the parents that organisation-owned page types allow, optionally only
    those of page types reviewed by `workflow`."""
    models = []
    for page_model in get_page_models():
        if not issubclass(page_model, OrganisationPage):
            continue
        if workflow and page_model.review_workflow != workflow:
            continue
        for parent in page_model.allowed_parent_page_models():
            if parent is not Page and parent not in models:
                models.append(parent)
    return models


def content_sections(workflow=None):
    return [page for model in section_models(workflow) for page in model.objects.all()]


def set_workflow(name, task_name, group, sections):
    """One workflow with one group approval task, used by `sections` and their pages."""
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
    task.groups.set([group])
    workflow, _ = Workflow.objects.get_or_create(name=name)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in sections:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def report_permissions(*actions):
    """Permissions on the problem reports inbox (editors see their organisation's only)."""
    return [permission("resources", f"{action}_problemreport") for action in actions]


def set_page_permissions(group, codenames, pages):
    """Give `group` exactly `codenames` on each of `pages` and no other page permissions."""
    wanted = {(page.pk, codename) for page in pages for codename in codenames}
    existing = GroupPagePermission.objects.filter(group=group).select_related("permission")
    for grant in existing:
        if (grant.page_id, grant.permission.codename) not in wanted:
            grant.delete()
    for page_id, codename in wanted:
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=page_id, permission=permission("wagtailcore", codename)
        )


def set_collection_permissions(group, grants):
    """Give `group` exactly `grants`: (collection, actions) pairs for images and documents."""
    wanted = {
        (collection.pk, permission(app_label, f"{action}_{model}").pk)
        for collection, actions in grants
        for app_label, model in MEDIA_MODELS
        for action in actions
    }
    existing = GroupCollectionPermission.objects.filter(group=group)
    for grant in existing:
        if (grant.collection_id, grant.permission_id) not in wanted:
            grant.delete()
    for collection_id, permission_id in wanted:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection_id=collection_id, permission_id=permission_id
        )


def shared_collection():
    root = Collection.get_first_root_node()
    shared = root.get_children().filter(name=SHARED_COLLECTION).first()
    return shared or root.add_child(name=SHARED_COLLECTION)


@transaction.atomic
def provision_organisation(organisation):
    """Create or update an organisation's editors group and its media collection."""
    group_name = f"{organisation.name} editors"
    group = organisation.editors
    if group is None:
        group, _ = Group.objects.get_or_create(name=group_name)
    elif group.name != group_name:
        group.name = group_name
        group.save(update_fields=["name"])
    collection = organisation.collection
    root = Collection.get_first_root_node()
    if collection is None:
        collection = root.get_children().filter(name=organisation.name).first()
        collection = collection or root.add_child(name=organisation.name)
    elif collection.name != organisation.name:
        collection.name = organisation.name
        collection.save(update_fields=["name"])
    if (organisation.editors_id, organisation.collection_id) != (group.pk, collection.pk):
        type(organisation).objects.filter(pk=organisation.pk).update(
            editors=group, collection=collection
        )
        organisation.editors, organisation.collection = group, collection
    group.permissions.add(permission(*ADMIN_ACCESS), *report_permissions("view", "change"))
    set_page_permissions(group, EDITOR_PAGE_PERMISSIONS, content_sections())
    # Shared images and documents can be chosen; only the organisation's own can be changed.
    set_collection_permissions(
        group, [(shared_collection(), ["choose"]), (collection, EDITOR_MEDIA_PERMISSIONS)]
    )
    return group


def follow_the_original(page):
    """A language's new home page or section gets what its English original has: its review
    workflow and its groups' permissions, and for a home page, the translators'."""
    original = page.get_translation(default_locale_id())
    for assigned in WorkflowPage.objects.filter(page=original):
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": assigned.workflow})
    grants = [(grant.group, grant.permission) for grant in original.group_permissions.all()]
    if page.depth == 2:
        translators = Group.objects.filter(name=TRANSLATORS).first()
        if translators:
            grants.append((translators, permission("wagtailcore", "change_page")))
    for group, granted in grants:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=granted)


@transaction.atomic
def set_up_roles():
    """Create or update every role. Safe to run again: the result is always the same."""
    root = Collection.get_first_root_node()
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    moderators.permissions.add(
        permission(*ADMIN_ACCESS),
        permission(*SUBMIT_TRANSLATION),
        *report_permissions("view", "change", "delete"),
    )
    set_page_permissions(moderators, MODERATOR_PAGE_PERMISSIONS, content_sections())
    set_collection_permissions(moderators, [(root, ["add", "change", "choose", "delete"])])

    reviewers, _ = Group.objects.get_or_create(name=CLINICAL_REVIEWERS)
    reviewers.permissions.add(permission(*ADMIN_ACCESS))
    # "Change" lets reviewers browse the sections; outside a review the tester makes it
    # read-only, as they belong to no organisation.
    set_page_permissions(reviewers, ("change_page",), content_sections())
    set_collection_permissions(reviewers, [])

    # Translators edit the translated trees, whatever the organisation; the English tree
    # stays out of their reach, and moderators publish what they translate. Asking for
    # translations is the moderators' alone: wagtail-localize's permission for it also
    # lets its holder publish every translation of any page.
    translators, _ = Group.objects.get_or_create(name=TRANSLATORS)
    translators.permissions.add(permission(*ADMIN_ACCESS))
    translated_homes = Page.objects.filter(depth=2).exclude(locale_id=default_locale_id())
    set_page_permissions(translators, ("change_page",), translated_homes)
    set_collection_permissions(translators, [(shared_collection(), ["choose"])])

    # Wagtail's default Editors group could change every page from the root; editors work
    # through their organisation's group instead.
    default_editors = Group.objects.filter(name="Editors").first()
    if default_editors:
        GroupPagePermission.objects.filter(
            group=default_editors, page__in=Page.objects.filter(depth=1)
        ).delete()

    set_workflow(MODERATION, "Moderator approval", moderators, content_sections(MODERATION))
    set_workflow(CLINICAL_REVIEW, "Clinical review", reviewers, content_sections(CLINICAL_REVIEW))

    groups = [moderators, reviewers, translators]
    for organisation in Organisation.objects.all():
        groups.append(provision_organisation(organisation))
    return groups
