from django.urls import path

from . import views

app_name = "casestudies"

urlpatterns = [
    path("", views.catalogue, name="list"),
    path("export.csv", views.export, {"file_format": "csv"}, name="export-csv"),
    path("export.json", views.export, {"file_format": "json"}, name="export-json"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/cite.bib", views.cite_bib, name="cite-bib"),
    path("<slug:slug>/cite.ris", views.cite_ris, name="cite-ris"),
]
