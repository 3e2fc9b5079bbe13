"""The admin's spreadsheet import and export (django-import-export), as curators use it.

``CaseStudyAdmin`` and ``OrganisationAdmin`` take ``SpreadsheetImportExportMixin`` as their first
base. The resources (``resources.py``) say what a row holds; this says who may import and what
the admin reports when an import fails at the confirm step.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportExportMixin


class SpreadsheetImportExportMixin(ImportExportMixin):
    import_template_name = "admin/import_export/import_spreadsheet.html"

    def has_import_permission(self, request):
        # An import adds rows and changes existing ones: it needs both rights.
        return super().has_import_permission(request) and self.has_change_permission(request)

    def process_result(self, result, request):
        """After the confirm step: a file that has become wrong since its preview (someone changed
        the catalogue meanwhile) was rolled back as a whole; say so, and log nothing."""
        if result.has_errors() or result.has_validation_errors():
            problems = [str(error.error) for error in result.base_errors]
            problems += [str(error.error) for _number, errors in result.row_errors() for error in errors]
            problems += [
                message for row in result.invalid_rows for found in row.error_dict.values() for message in found
            ]
            messages.error(request, "Nothing was imported. " + " ".join(problems[:5]))
            return HttpResponseRedirect(
                reverse("admin:{}_{}_import".format(*self.get_model_info()), current_app=self.admin_site.name)
            )
        return super().process_result(result, request)
