from django.urls import path

from . import views
from .feeds import EventFeed

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar.ics", views.calendar, name="calendar"),
    path("feed/", EventFeed(), name="feed"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/event.ics", views.event_ics, name="ics"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/cancel/", views.cancel_mine, name="cancel_mine"),
    path("<slug:slug>/cancel/<str:token>/", views.cancel_by_link, name="cancel"),
    path("<slug:slug>/registrants/", views.registrants, name="registrants"),
    path("<slug:slug>/registrants.csv", views.registrants_csv, name="registrants_csv"),
    path("<slug:slug>/registrants/<int:pk>/decide/", views.decide, name="decide"),
    path("<slug:slug>/attendance/", views.attendance, name="attendance"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
]
