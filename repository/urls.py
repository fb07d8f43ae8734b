from django.urls import path

from . import exports, feeds, views

app_name = "repository"

urlpatterns = [
    path("practices/", views.practice_list, name="practice_list"),
    path("practices/feed/", feeds.PracticeFeed(), name="practice_feed"),
    path("practices/export.csv", exports.practices_csv, name="practice_export_csv"),
    path("practices/export.xlsx", exports.practices_xlsx, name="practice_export_xlsx"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice_detail"),
    path("resources/", views.resource_list, name="resource_list"),
    path("resources/feed/", feeds.ResourceFeed(), name="resource_feed"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource_detail"),
    path("objectives/", views.objective_index, name="objective_index"),
    path("objectives/<int:number>/", views.objective_detail, name="objective_detail"),
    path("principles/", views.principle_index, name="principle_index"),
    path("principles/<slug:slug>/", views.principle_detail, name="principle_detail"),
]
