from django.urls import path

from . import views
from .views.roster import application_cv

app_name = "reviews"

urlpatterns = [
    # The roster
    path("", views.roster, name="roster"),
    path("apply/", views.apply, name="apply"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/cv/", application_cv, name="application_cv"),
    path("dashboard/", views.dashboard, name="dashboard"),
    # The Hub team's work on submissions
    path("screening/", views.screening, name="screening"),
    path("submissions/<uuid:uuid>/", views.workspace, name="workspace"),
    path("submissions/<uuid:uuid>/screen/", views.screen, name="screen"),
    path("submissions/<uuid:uuid>/suggest/", views.suggest, name="suggest"),
    path("submissions/<uuid:uuid>/invite/", views.invite, name="invite"),
    path("submissions/<uuid:uuid>/decide/", views.decide, name="decide"),
    path("submissions/<uuid:uuid>/publish/", views.publish, name="publish"),
    # Reviewers
    path("mine/", views.my_reviews, name="my_reviews"),
    path("assignments/<int:pk>/", views.assignment, name="assignment"),
    path("assignments/<int:pk>/review/", views.review, name="review"),
    path(
        "assignments/<int:pk>/files/<int:file_pk>/", views.assignment_file, name="assignment_file"
    ),
]
