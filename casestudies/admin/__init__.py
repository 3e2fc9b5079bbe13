"""Curation: the admin of case studies and of the reference data they point to.

Each module holds one concern; importing this package registers every admin with the site.
"""

from . import case_studies  # noqa: F401 - registers the case-study and reference-data admins
