from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("coverage.csv", views.index, name="coverage_csv"),
    path("team/", views.team, name="team"),
]
