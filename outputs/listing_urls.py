"""Included at the site's root (config/urls.py): the compendium of any practice listing, beside
the listing's own addresses (``practices/?objective=10`` → ``practices/compendium.pdf?objective=10``)."""

from django.urls import path

from . import views

app_name = "outputs_listing"

urlpatterns = [
    path(
        "practices/compendium.pdf", views.listing_compendium, {"fmt": "pdf"}, name="compendium_pdf"
    ),
    path(
        "practices/compendium.docx",
        views.listing_compendium,
        {"fmt": "docx"},
        name="compendium_docx",
    ),
    path("practices/compendium/<uuid:job>/", views.listing_compendium_job, name="compendium_job"),
]
