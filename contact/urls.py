from django.urls import path

from . import views

app_name = "contact"

urlpatterns = [
    path("", views.contact, name="form"),
    path("sent/", views.sent, name="sent"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<str:reference>/", views.message, name="message"),
    path("inbox/<str:reference>/assign/", views.assign, name="assign"),
    path("inbox/<str:reference>/close/", views.close, name="close"),
    path("inbox/<str:reference>/answers/<int:reply_id>/resend/", views.resend, name="resend"),
]
