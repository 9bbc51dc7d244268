"""The news app's Django routes: the subscriptions page (/s-abonner/)."""

from django.urls import path

from .subscriptions import subscribe_page

urlpatterns = [
    path("s-abonner/", subscribe_page, name="subscribe"),
]
