from django.urls import path

from . import views

urlpatterns = [
    path("plan-du-site/", views.site_map, name="site_map"),
]
