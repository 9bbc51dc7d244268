"""Spreadsheet exports that open in a French spreadsheet, each recorded in the audit log.

Wagtail's own export (SpreadsheetExportMixin: XLSX and CSV) with three changes:
- CSV in UTF-8 with a BOM and `;` separators, what French Excel and LibreOffice expect
  (with `,` and no BOM, Excel puts each line in one cell and garbles the accents);
- every date and time in Europe/Paris (Wagtail writes XLSX times in UTC, CSV with an
  offset), dates as dd/mm/yyyy in CSV, yes/no as « oui »/« non »;
- each export is an `emi.export` entry of Wagtail's audit log (who, what, how many rows,
  which filters, when), shown in the history of the exported object and in the admin's
  site history report.
"""

import csv
import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.mixins import Echo
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail.log_actions import log
from wagtail.models import Site

EXPORT_ACTION = "emi.export"
CSV_DELIMITER = ";"
BOM = "\ufeff".encode()


def paris():
    return ZoneInfo(settings.TIME_ZONE)


def _paris_naive(value):
    return (
        timezone.localtime(value, paris()).replace(tzinfo=None)
        if timezone.is_aware(value)
        else value
    )


def _csv_datetime(value):
    return _paris_naive(value).strftime("%d/%m/%Y %H:%M")


def _csv_list(value):
    return ", ".join(str(item) for item in value)


class FrenchSpreadsheetExportMixin:
    """Put before Wagtail's view class (a SpreadsheetExportMixin): see the module."""

    #: What the rows are, in the plural, for the audit log: "inscriptions aux événements".
    export_subject = "lignes"

    custom_value_preprocess = {
        datetime.datetime: {"xlsx": _paris_naive, "csv": _csv_datetime},
        datetime.date: {"xlsx": None, "csv": lambda value: value.strftime("%d/%m/%Y")},
        datetime.time: {"xlsx": None, "csv": lambda value: value.strftime("%H:%M")},
        bool: {"xlsx": lambda value: "oui" if value else "non"},
        list: {"csv": _csv_list, "xlsx": _csv_list},
    }
    custom_value_preprocess[bool]["csv"] = custom_value_preprocess[bool]["xlsx"]

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=CSV_DELIMITER)
        yield BOM + writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def get_export_log_instances(self, queryset):
        """The objects whose history records the export (default: the current site)."""
        return [Site.find_for_request(self.request) or Site.objects.get(is_default_site=True)]

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        if response is None:
            return response
        filters = {
            key: values
            for key, values in self.request.GET.lists()
            if key not in ("export", "p") and any(values)
        }
        data = {
            "format": spreadsheet_format,
            "count": len(queryset) if isinstance(queryset, list) else queryset.count(),
            "subject": self.export_subject,
            "filters": filters,
        }
        for instance in self.get_export_log_instances(queryset):
            log(instance=instance, action=EXPORT_ACTION, user=self.request.user, data=data)
        return response


class FrenchExportIndexView(FrenchSpreadsheetExportMixin, IndexView):
    """The listing of a ModelViewSet (index_view_class) with the French export."""


class FrenchSubmissionsListView(FrenchSpreadsheetExportMixin, SubmissionsListView):
    """The form submissions of a form page (submissions_list_view_class)."""

    export_subject = "réponses au formulaire"

    def get_export_log_instances(self, queryset):
        return [self.form_page]


def format_export_message(data):
    """The audit log's text for an export: "Export CSV de 12 inscriptions (filtres : …)"."""
    text = f"Export {str(data.get('format', '')).upper()} de {data.get('count', 0)} "
    text += str(data.get("subject", "lignes"))
    filters = data.get("filters") or {}
    if filters:
        described = ", ".join(f"{key} = {', '.join(values)}" for key, values in filters.items())
        text += f" (filtres : {described})"
    return text
