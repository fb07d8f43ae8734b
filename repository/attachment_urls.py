"""Public downloads of the attachments of published items (see repository/attachments.py)."""

from django.urls import path

from . import attachments

app_name = "published_files"

urlpatterns = [
    path("<str:kind>s/<slug:slug>/files/<int:pk>/", attachments.published_file, name="file"),
]
