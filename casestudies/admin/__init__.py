"""Curation: the admin of case studies and of the reference data they point to, by concern.

- ``case_studies``: the case-study admin, its inlines and actions (publish, withdraw, delete), its history;
- ``reference``: the admins of organisations, countries, groupings, themes, regions and SDGs;
- ``forms``: the case-study form with the publication and version checks, the inline forms and formsets;
- ``conflicts``: the messages of a refused stale save, read from the history;
- ``filters``: the case-study list's filters;
- ``spreadsheets``: the import and export in the admin (formats, the import form, the mixin);
- ``resources``: what a spreadsheet row of a case study or an organisation holds;
- ``internals``: the private APIs of Django and simple-history relied on, each behind one function.

Importing this package registers the admins with the site.
"""

from . import case_studies, reference  # noqa: F401 - they register their admins
