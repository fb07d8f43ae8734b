from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("", views.directory, name="list"),
    path("me/", views.mine, name="mine"),
    path("me/messages/", views.mine_messages, name="mine_messages"),
    path("me/download/", views.mine_download, name="mine_download"),
    path("me/from-roster/", views.mine_from_roster, name="mine_from_roster"),
    path("me/<slug:action>/", views.mine_action, name="mine_action"),
    path("team/", views.team, name="team"),
    path("team/<slug:slug>/", views.team_decide, name="team_decide"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/photo/", views.photo, name="photo"),
    path("<slug:slug>/contact/", views.contact, name="contact"),
]
