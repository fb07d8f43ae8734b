"""Included under calls/ (config/urls.py): pages beside a call's own."""

from django.urls import path

from . import views

app_name = "outputs"

urlpatterns = [
    path("<slug:slug>/featured/", views.featured, name="featured"),
    path("<slug:slug>/compendium.pdf", views.compendium, {"fmt": "pdf"}, name="compendium_pdf"),
    path("<slug:slug>/compendium.docx", views.compendium, {"fmt": "docx"}, name="compendium_docx"),
    path("<slug:slug>/compendium/<uuid:job>/", views.compendium_job, name="compendium_job"),
    path("<slug:slug>/export/", views.call_export, name="export"),
    path("<slug:slug>/export/<uuid:job>/", views.export_job, name="export_job"),
    path("<slug:slug>/export/<uuid:job>/download/", views.export_download, name="export_download"),
]
