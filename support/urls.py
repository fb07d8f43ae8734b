from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("new/", views.new_request, name="new"),
    path("mine/", views.mine, name="mine"),
    path("requests/<str:reference>/", views.request_page, name="request"),
    path("shared/<str:reference>/", views.shared, name="shared"),
    path("team/", views.team, name="team"),
    path("team/report/", views.report, name="report"),
    path("team/report.csv", views.report_csv, name="report_csv"),
    path("team/<str:reference>/", views.team_request, name="team_request"),
]
