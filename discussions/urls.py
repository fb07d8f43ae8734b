from django.urls import path

from . import moderation_views as mod
from . import views

app_name = "discussions"

urlpatterns = [
    path("", views.space_list, name="list"),
    path("<slug:slug>/", views.space_detail, name="space"),
    path("<slug:slug>/follow/", views.follow, name="follow_space"),
    path("<slug:slug>/questions/<int:pk>/", views.question_detail, name="question"),
    path("<slug:slug>/questions/<int:pk>/follow/", views.follow, name="follow_question"),
    path("<slug:slug>/contributions/<int:pk>/", views.contribution_permalink, name="permalink"),
    path("<slug:slug>/contributions/<int:pk>/flag/", views.contribution_flag, name="flag"),
    path("<slug:slug>/attachments/<int:pk>/", views.contribution_file, name="file"),
    path("<slug:slug>/moderation/", mod.moderation, name="moderation"),
    path("<slug:slug>/moderation/log/", mod.moderation_log, name="log"),
    path("<slug:slug>/moderation/question/", mod.question_new, name="question_new"),
    path("<slug:slug>/moderation/status/", mod.space_status, name="status"),
    path("<slug:slug>/moderation/<int:pk>/<str:verb>/", mod.moderate, name="moderate"),
    path("<slug:slug>/export.csv", mod.export_csv, name="export_csv"),
    path("<slug:slug>/export.docx", mod.export_docx, name="export_docx"),
    path("<slug:slug>/synthesis/", mod.synthesis, name="synthesis"),
]
