from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    path("", views.pledge_list, name="list"),
    path("review/", views.review, name="review"),
    path("review/<int:pk>/", views.decide, name="decide"),
    path("<slug:slug>/", views.pledge_detail, name="detail"),
    path("<slug:slug>/updates/", views.post_update, name="post_update"),
]
