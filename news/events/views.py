"""Views behind the routes of the event pages: the page and its registrations, iCal.

They take the page (or the events) they serve; the page models import them.
"""

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.models import Site

from cms import page_queries
from cms.feeds import collectivity_from_query, scope_title
from cms.not_found import NotFound, answer_not_found
from cms.ratelimits import check_rate_limit
from cms.site_address import absolute_url
from cms.social import json_for_script, share_image

from .calendars import CALENDAR_FIELDS, build_calendar, ical_response, online_calendar_links
from .forms import EventRegistrationForm
from .models import AttendanceMode, EventRegistration, EventStatus, EventType
from .registrations import cancel, register

JSON_LD_STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.FULL: "https://schema.org/EventScheduled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}
JSON_LD_ATTENDANCE = {
    AttendanceMode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "https://schema.org/MixedEventAttendanceMode",
}
# Same escapes as Django's json_script: the JSON can never close its <script> element.


def absolute(request, url):
    """At the public address (WAGTAILADMIN_BASE_URL), whatever host the request named."""
    return absolute_url(url)


# --- Event page ------------------------------------------------------------------------


def event_json_ld(event, request, page_url):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": timezone.localtime(event.start).isoformat(),
        "endDate": timezone.localtime(event.end).isoformat(),
        "eventStatus": JSON_LD_STATUS[event.status],
        "eventAttendanceMode": JSON_LD_ATTENDANCE[event.attendance_mode],
        "url": page_url,
        "inLanguage": "fr",
        "organizer": {
            "@type": "Organization",
            "name": event.collectivity.name
            if event.collectivity_id
            else "École du management par l'innovation (Département du Val-d'Oise)",
        },
    }
    locations = []
    if event.attendance_mode != AttendanceMode.ONLINE:
        place = {"@type": "Place", "name": event.place_name or event.title}
        if event.address:
            place["address"] = " ".join(event.address.split())
        locations.append(place)
    if event.attendance_mode != AttendanceMode.IN_PERSON:
        virtual = {"@type": "VirtualLocation"}
        virtual["url"] = event.online_url if event.shows_online_url else page_url
        locations.append(virtual)
    data["location"] = locations[0] if len(locations) == 1 else locations
    if event.registration_mode != "aucune":
        availability = (
            "https://schema.org/SoldOut" if event.is_full else "https://schema.org/InStock"
        )
        data["offers"] = {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "availability": availability,
            "url": event.registration_url or page_url,
        }
    data["image"] = [share_image(event)["url"]]
    return mark_safe(json_for_script(data))


def event_page_context(event, request):
    page_url = absolute(request, event.url or request.path)
    return {
        "ical_url": event.route_url("ical"),
        "calendar_links": online_calendar_links(event, page_url),
        "json_ld": event_json_ld(event, request, page_url),
    }


def event_page(event, request):
    """The event page; a POST is a registration through the site's form."""
    form = refused = None
    if event.uses_registration_form:
        if request.method == "POST":
            if not event.registration_open:
                messages.error(
                    request,
                    event.registration_closed_reason
                    or "Les inscriptions sont fermées : votre inscription n'a pas été enregistrée.",
                )
                return HttpResponseRedirect(event.url)
            form = EventRegistrationForm(request.POST, event=event)
            if form.is_bot:
                # Naive bots get the usual answer, and nothing is stored.
                messages.success(request, "Votre inscription est enregistrée.")
                return HttpResponseRedirect(event.url)
            refused = None
            if form.is_valid():
                refused = check_rate_limit(request, "event_registration")
                if refused is not None:
                    form.add_error(None, refused.message)
            if form.is_valid():
                try:
                    registration = register(
                        event,
                        name=form.cleaned_data["name"],
                        email=form.cleaned_data["email"],
                        organisation=form.cleaned_data["organisation"],
                        accessibility_needs=form.cleaned_data["accessibility_needs"],
                        request=request,
                    )
                except IntegrityError:
                    form.add_error(
                        "email",
                        "Cette adresse est déjà inscrite à cet événement. Le courriel de "
                        "confirmation contient le lien pour annuler.",
                    )
                else:
                    messages.success(request, registration_message(registration))
                    return HttpResponseRedirect(event.url + "#inscription")
        elif event.registration_open:
            form = EventRegistrationForm(event=event)
    context = event.get_context(request)
    context["registration_form"] = form
    status = 429 if form is not None and refused is not None else 200
    return TemplateResponse(request, event.get_template(request), context, status=status)


def registration_message(registration):
    if registration.status == EventRegistration.Status.CONFIRMED:
        return (
            f"Votre inscription est confirmée. Un courriel vient d'être envoyé à "
            f"{registration.email}, avec le lien pour annuler si vous ne pouvez plus venir."
        )
    return (
        f"L'événement est complet : vous êtes sur la liste d'attente. Si une place se libère, "
        f"elle vous est attribuée dans l'ordre d'inscription et un courriel vous prévient "
        f"({registration.email})."
    )


def cancel_registration(event, request, token):
    """The link of the confirmation email: a GET asks, a POST cancels (link scanners)."""
    registration = get_object_or_404(EventRegistration, event=event, token=token)
    done = False
    if request.method == "POST" and registration.is_active:
        registration, _promoted = cancel(registration, request=request)
        done = True
    context = event.get_context(request)
    context.update({"registration": registration, "cancelled_now": done})
    return TemplateResponse(request, "news/events/event_registration_cancel.html", context)


# --- iCal ------------------------------------------------------------------------------


def event_ical(event, request):
    content = build_calendar([(event, absolute(request, event.url))], event.title)
    return ical_response(content, f"{event.slug}.ics")


def event_type_from_query(request):
    value = request.GET.get("type", "").strip()
    if not value:
        return None
    if value not in EventType.values:
        raise NotFound(
            f"Aucun type d'événement n'a l'identifiant « {value} » : vérifiez l'adresse, ou "
            "retrouvez la liste des agendas sur la page « S'abonner »."
        )
    return EventType(value)


@answer_not_found()
def event_index_ical(request, events, collectivity=None):
    """The calendar of the agenda or of a section: `events`, the live public events below
    it, narrowed by ?collectivite= (below the index) and ?type=."""
    collectivity = collectivity or collectivity_from_query(request)
    event_type = event_type_from_query(request)
    if collectivity is not None:
        events = events.filter(collectivity=collectivity)
    if event_type is not None:
        events = events.filter(event_type=event_type)
    events = events.filter(end__gte=timezone.now()).order_by("start", "pk")
    # What a VEVENT and the page's address need, not the whole page (a thousand rows).
    events = events.only(*CALENDAR_FIELDS)
    name = scope_title(
        "Agenda de l'EMI",
        collectivity.name if collectivity else "",
        event_type.label if event_type else "",
    )

    def calendar():
        """The feed, and when it changes without a publication: the first event to end."""
        rows = list(events)
        content = build_calendar(
            [(event, absolute(request, event.get_url(request))) for event in rows], name
        )
        return content, min((event.end for event in rows), default=None)

    site = Site.find_for_request(request)
    scope = (site.pk if site else "", request.path, collectivity and collectivity.pk, event_type)
    content = page_queries.cached_until(f"ical:{scope!r}", calendar)
    slug = "-".join(
        part for part in ("agenda-emi", collectivity and collectivity.slug, event_type) if part
    )
    return ical_response(content, f"{slug}.ics", attachment=False)
