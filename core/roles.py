"""Who may do what in curation, named once.

Two groups hold the permissions (migration casestudies 0004): a *curator* adds, changes and
publishes; an *editor-in-chief* may also delete, published case studies included. The admin, the
draft previews and the ``create_curator`` command ask these functions rather than spelling out a
permission each time.
"""

CURATOR_GROUP = "Curator"
EDITOR_IN_CHIEF_GROUP = "Editor-in-chief"

# The permission that makes an editor-in-chief: deleting what readers may have cited.
DELETE_PUBLISHED = "casestudies.delete_published_casestudy"
# The permission that makes a curator.
CHANGE_CASE_STUDIES = "casestudies.change_casestudy"


def is_curator(user):
    """Allowed to change case studies: a curator or an editor-in-chief. The public site shows such
    a user drafts, marked as such and never cached ("view on site")."""
    return bool(user.is_authenticated and user.has_perm(CHANGE_CASE_STUDIES))


def is_editor_in_chief(user):
    """A curator who may also delete, published case studies included (superusers count)."""
    return bool(user.is_authenticated and user.has_perm(DELETE_PUBLISHED))
