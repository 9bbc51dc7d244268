"""Dates in words, in French and Paris time, as people read them on a page or in a mail."""

from django.utils import timezone, translation
from django.utils.formats import date_format

from .common import PARIS


def _day(value):
    with translation.override("fr"):
        text = date_format(value, "l j F Y")
    # "1 décembre" is written "1er décembre" in French.
    weekday, day, rest = text.split(" ", 2)
    if day == "1":
        day = "1er"
    return f"{weekday} {day} {rest}"


def _time(value):
    return f"{value.hour}h{value.minute:02d}"


def format_date(value):
    """A date (or the day of a datetime, Paris time) in words: « mardi 1er décembre 2026 »."""
    if hasattr(value, "hour"):
        value = timezone.localtime(value, PARIS)
    return _day(value)


def format_event_dates(start, end):
    """« mardi 1er décembre 2026, de 18h00 à 20h00 », or « du … au … » over several days."""
    start = timezone.localtime(start, PARIS)
    end = timezone.localtime(end, PARIS)
    if start.date() == end.date():
        return f"{_day(start)}, de {_time(start)} à {_time(end)}"
    return f"du {_day(start)} à {_time(start)} au {_day(end)} à {_time(end)}"
