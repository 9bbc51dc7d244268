"""Event registrations: places up to the capacity, then a waiting list that moves up.

Every change runs in a transaction that first locks the event's row, so two people
registering at the same second cannot both take the last place (PostgreSQL; SQLite
serialises writers anyway). Emails are queued (django-mailer) inside that transaction:
a registration and its confirmation are committed together, and an SMTP outage can no
longer turn a saved registration into an error page.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .emails import send_registration_email
from .models import EventRegistration, EventStatus

Status = EventRegistration.Status


def _lock_event(event):
    # Lock the page row itself: the lock is held until the transaction ends. Then read the
    # event afresh, as its own page type (EventPage, which calls the views above us).
    list(Page.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True))
    return type(event).objects.get(pk=event.pk)


def _confirmed_count(event):
    return EventRegistration.objects.filter(event=event, status=Status.CONFIRMED).count()


def _free_places(event):
    # « Complet » set by hand closes the remaining places: newcomers wait.
    if event.status == EventStatus.FULL or not event.capacity:
        return 0
    return max(event.capacity - _confirmed_count(event), 0)


def register(event, *, name, email, organisation="", accessibility_needs="", request=None):
    """Register someone: a place if one is free, else the waiting list. Emails them."""
    with transaction.atomic():
        event = _lock_event(event)
        status = Status.CONFIRMED if _free_places(event) > 0 else Status.WAITING
        registration = EventRegistration.objects.create(
            event=event,
            name=name.strip(),
            email=email,
            organisation=organisation.strip(),
            accessibility_needs=accessibility_needs.strip(),
            status=status,
        )
        kind = "confirmed" if status == Status.CONFIRMED else "waiting"
        send_registration_email(registration, kind, request=request)
    return registration


def cancel(registration, *, request=None, notify=True):
    """Cancel a registration; a freed place goes to the first person waiting."""
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            return registration, []
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = _promote_waiting(event)
        if notify:
            send_registration_email(registration, "cancelled", request=request)
        _notify_promoted(promoted, request)
    return registration, promoted


def fill_from_waiting_list(event, *, request=None):
    """Give free places (a cancellation, a larger room) to the people waiting, in order."""
    with transaction.atomic():
        event = _lock_event(event)
        promoted = _promote_waiting(event)
        _notify_promoted(promoted, request)
    return promoted


def _notify_promoted(registrations, request):
    for registration in registrations:
        send_registration_email(registration, "promoted", request=request)


def _promote_waiting(event):
    if not event.uses_registration_form or event.has_started:
        return []
    free = _free_places(event)
    if free <= 0:
        return []
    waiting = list(
        EventRegistration.objects.select_for_update()
        .filter(event=event, status=Status.WAITING)
        .order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for registration in waiting:
        registration.status = Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
    return waiting
