from django.urls import path

from . import views
from .feeds import CallFeed

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("feed/", CallFeed(), name="feed"),
    path("criteria/", views.criteria, name="criteria"),
    path("<slug:slug>/", views.call_detail, name="detail"),
]
