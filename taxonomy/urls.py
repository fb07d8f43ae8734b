from django.urls import path

from . import views

app_name = "taxonomy"

urlpatterns = [
    path("objectives.css", views.objective_styles, name="objective_styles"),
]
