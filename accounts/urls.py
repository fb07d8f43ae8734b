from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/data/", views.personal_data_download, name="personal_data"),
    path("profile/delete/", views.account_delete, name="delete"),
]
