"""The project exports, streamed: /projets/export.csv and /projets/export.json.

The rows are read in chunks of CHUNK_SIZE projects (each chunk: the projects, then one
query per prefetched relation), and written as they come: 10,000 projects never sit in
memory at once, and the number of queries grows with the chunks, not with the projects.
A streamed answer is never kept by the page cache (cms.page_cache): an export is always
what is published at the moment it is asked.

CSV: UTF-8 without a byte order mark, comma-separated, fields quoted when needed, CRLF
line ends (RFC 4180), a header line with the schema's column names.
"""

import csv
import json

from django.http import StreamingHttpResponse

from .rows import export_queryset, project_row
from .schema import COLUMN_NAMES, LICENCE_NAME, LICENCE_URL

CHUNK_SIZE = 500
CSV_FILENAME = "emi-projets.csv"
JSON_FILENAME = "emi-projets.json"


def export_rows(projects, request):
    """The rows of the live public projects `projects`, in identifier order."""
    for project in export_queryset(projects).iterator(chunk_size=CHUNK_SIZE):
        yield project_row(project, project.get_url(request))


class _Echo:
    """A file-like object whose write() returns what it was given (csv writes to it)."""

    def write(self, value):
        return value


def _csv_lines(rows):
    writer = csv.DictWriter(_Echo(), fieldnames=COLUMN_NAMES)
    yield writer.writeheader()
    for row in rows:
        yield writer.writerow(row)


def csv_response(projects, request):
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in _csv_lines(export_rows(projects, request))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{CSV_FILENAME}"'
    return response


def _json_chunks(rows, header):
    opening = json.dumps(header, ensure_ascii=False, indent=1)[:-2]
    yield opening + ',\n "projets": ['
    for number, row in enumerate(rows):
        yield ("," if number else "") + "\n  " + json.dumps(row, ensure_ascii=False)
    yield "\n ]\n}\n"


def json_response(projects, request, schema_url, source_url):
    header = {
        "titre": "Banque de projets de l'École du management par l'innovation",
        "source": source_url,
        "schema": schema_url,
        "licence": LICENCE_NAME,
        "licence_url": LICENCE_URL,
    }
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in _json_chunks(export_rows(projects, request), header)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{JSON_FILENAME}"'
    return response
