from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("", views.start, name="start"),
    path("mine/", views.mine, name="mine"),
    path("template/<slug:content_type>.docx", views.template_download, name="template"),
    path("invitations/<uuid:token>/", views.accept_invitation, name="accept_invitation"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/step/<slug:step>/", views.step, name="step"),
    path("<uuid:uuid>/autosave/", views.autosave, name="autosave"),
    path("<uuid:uuid>/review/", views.review, name="review"),
    path("<uuid:uuid>/files/", views.upload_file, name="upload_file"),
    path("<uuid:uuid>/files/<int:pk>/", views.download_file, name="download_file"),
    path("<uuid:uuid>/files/<int:pk>/remove/", views.remove_file, name="remove_file"),
    path("<uuid:uuid>/import/", views.import_word, name="import_word"),
    path("<uuid:uuid>/invite/", views.invite, name="invite"),
    path("<uuid:uuid>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:uuid>/export.docx", views.export_docx, name="export_docx"),
    path("<uuid:uuid>/copy.pdf", views.export_pdf, name="export_pdf"),
]
