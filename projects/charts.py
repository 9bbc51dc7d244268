"""Charts of the project bank's figures: their aggregate queries and their SVG geometry.

/projets/chiffres/ and each collectivité's section (/projets/<section>/) draw these
charts as inline SVG (templates/projects/includes/charts/), computed on the server: no
JavaScript, nothing loaded from elsewhere. Each chart comes with its numbers as a table.

Coordinates are whole viewBox units: templates would localise decimals ("12,5"), which
SVG does not read. Each query here is one aggregate, whatever the number of projects.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.functional import cached_property

from .figures import rate
from .listing import JURY_DATE
from .models.project_rows import ProjectImpactIndicator
from .models.vocabularies import RETAINED_STATUSES, ProjectStatus

# Every chart is drawn in a viewBox this wide, shown at that size and shrunk to fit a
# narrower column (down to 320 px): its text stays about as large as the page's.
WIDTH = 400
FONT_SIZE = 15
LABEL_MAX = 44  # characters of a label drawn in the SVG; the table gives it in full
INDICATOR_LIMIT = 6  # before/after pairs drawn; the most recent measures first
BAR_LIMIT = 8  # bars of a chart by collectivité or theme; the table lists them all
CHAR_WIDTH = 9  # about the width of one bold character at FONT_SIZE, in viewBox units


def shorten(text, limit=LABEL_MAX):
    """A label that fits the chart's width: cut at a word, with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:·—-") + "…"


def scale(value, largest, space):
    """The length of `value` on an axis where `largest` takes `space` units."""
    return round(space * abs(value) / largest) if largest else 0


def value_text(value, unit):
    """About what the template writes for a measure (its length only matters here)."""
    number = f"{Decimal(value).normalize():f}"
    return f"{number} {unit}" if unit else number


@dataclass
class YearRow:
    """Projects whose jury sat in `year` (the project's own jury date, else its cohort's)."""

    year: int
    total: int
    retained: int
    deployed: int

    @property
    def rate(self):
        return rate(self.deployed, self.retained)


def rates_by_year(projects):
    """One row per jury year, from the first to the last, years without a jury included."""
    rows = {
        row["year"]: row
        for row in projects.annotate(year=ExtractYear(JURY_DATE))
        .filter(year__isnull=False)
        .values("year")
        .annotate(
            total=Count("pk"),
            retained=Count("pk", filter=Q(status__in=RETAINED_STATUSES)),
            deployed=Count("pk", filter=Q(status=ProjectStatus.DEPLOYE)),
        )
        .order_by("year")
    }
    if not rows:
        return []
    return [
        YearRow(
            year,
            rows.get(year, {}).get("total", 0),
            rows.get(year, {}).get("retained", 0),
            rows.get(year, {}).get("deployed", 0),
        )
        for year in range(min(rows), max(rows) + 1)
    ]


def trend_chart(years):
    """Columns of the deployment rate per jury year, on a 0–100 % axis; None if no rate."""
    if not any(row.rate is not None for row in years):
        return None
    left, right, top, plot, bottom = 52, 8, 28, 180, 48
    slot = max(50, (WIDTH - left - right) // len(years))
    column = round(slot * 0.6)
    base = top + plot
    columns = []
    for position, row in enumerate(years):
        x = left + position * slot + (slot - column) // 2
        height = 0 if row.rate is None else scale(row.rate, 100, plot)
        columns.append(
            {
                "row": row,
                "x": x,
                "y": base - height,
                "height": height,
                "centre": x + column // 2,
                "value_y": base - height - 8,
            }
        )
    return {
        "width": left + len(years) * slot + right,
        "height": top + plot + bottom,
        "left": left,
        "right_x": left + len(years) * slot,
        "base": base,
        "column": column,
        "year_y": base + 20,
        "count_y": base + 40,
        "ticks": [
            {
                "value": value,
                "y": base - scale(value, 100, plot),
                "text_y": base - scale(value, 100, plot) + 5,
            }
            for value in (0, 25, 50, 75, 100)
        ],
        "tick_x": left - 8,
        "columns": columns,
    }


def bar_chart(rows, label_key="name", value_key="total", limit=BAR_LIMIT):
    """Horizontal bars, each under its label (long names fit a phone), the `limit` first
    rows (the callers sort them, largest first); None if no row."""
    if not rows:
        return None
    label_height, bar_height, gap, value_room = 19, 18, 10, 56
    bar_space = WIDTH - value_room
    shown = rows[:limit]
    largest = max(row[value_key] for row in shown) or 1
    bars = []
    for position, row in enumerate(shown):
        y = position * (label_height + bar_height + gap)
        width = scale(row[value_key], largest, bar_space)
        bars.append(
            {
                "row": row,
                "label": shorten(row[label_key]),
                "value": row[value_key],
                "label_y": y + FONT_SIZE,
                "y": y + label_height,
                "width": width,
                "value_x": width + 8,
                "value_y": y + label_height + 14,
            }
        )
    return {
        "width": WIDTH,
        "height": len(shown) * (label_height + bar_height + gap) - gap,
        "bar_height": bar_height,
        "bars": bars,
        "left_off": len(rows) - len(shown),
        "row_count": len(rows),
    }


def deployed_indicators(projects, limit=INDICATOR_LIMIT):
    """The headline result of each deployed project, newest first: the indicator its
    editor put « à la une », else its first one with a starting value (as
    ProjectPage.headline_indicator).

    One query. Each project counts once, so one project with many measures does not fill
    the chart.
    """
    indicators = (
        ProjectImpactIndicator.objects.filter(
            page__in=projects.filter(status=ProjectStatus.DEPLOYE).values("pk"),
            baseline__isnull=False,
        )
        .select_related("page")
        .order_by("page_id", "-is_headline", "sort_order", "pk")
    )
    first = {}
    for indicator in indicators:
        first.setdefault(indicator.page_id, indicator)
    chosen = sorted(first.values(), key=lambda i: (i.measured_on, i.page.title), reverse=True)
    return chosen[:limit], len(chosen)


def before_after_chart(indicators):
    """Two bars per indicator, « avant » and « après », each pair on its own scale (each
    indicator has its own unit); None if there is no indicator."""
    if not indicators:
        return None
    label_height, bar_height, gap, group_gap, name_width = 40, 18, 4, 18, 56
    # Room at the bar's end for the longest value and its unit ("285 appels par mois").
    longest = max(len(value_text(i.baseline, i.unit)) for i in indicators)
    longest = max(longest, *(len(value_text(i.value, i.unit)) for i in indicators))
    bar_space = WIDTH - name_width - min(max(12 + CHAR_WIDTH * longest, 80), 220)
    group_height = label_height + 2 * bar_height + gap + group_gap
    groups = []
    for position, indicator in enumerate(indicators):
        y = position * group_height
        largest = max(abs(indicator.baseline), abs(indicator.value)) or Decimal(1)
        before_y = y + label_height
        after_y = before_y + bar_height + gap
        groups.append(
            {
                "indicator": indicator,
                "label": shorten(indicator.page.title),
                "label_y": y + FONT_SIZE,
                "measure": shorten(indicator.label, 50),
                "measure_y": y + FONT_SIZE + 18,
                "before": {
                    "y": before_y,
                    "text_y": before_y + 14,
                    "width": scale(indicator.baseline, largest, bar_space),
                },
                "after": {
                    "y": after_y,
                    "text_y": after_y + 14,
                    "width": scale(indicator.value, largest, bar_space),
                },
            }
        )
    for group in groups:
        for bar in (group["before"], group["after"]):
            bar["value_x"] = name_width + bar["width"] + 8
    return {
        "width": WIDTH,
        "height": len(groups) * group_height - group_gap,
        "name_width": name_width,
        "name_x": name_width - 8,
        "bar_height": bar_height,
        "groups": groups,
    }


class ProjectCharts:
    """The charts of a set of projects, on top of its KeyFigures (whose queries it reuses).

    Adds two queries: the rates by jury year and the deployed projects' indicators.
    """

    def __init__(self, figures):
        self.figures = figures
        self.projects = figures.projects

    @cached_property
    def years(self):
        return self.figures.kept("years", lambda: rates_by_year(self.projects))

    @cached_property
    def trend(self):
        return trend_chart(self.years)

    @cached_property
    def statuses(self):
        """Every status, each bar in its status's colour."""
        rows = [
            {"name": row.label, "total": row.count, "modifier": row.value}
            for row in self.figures.by_status
        ]
        return bar_chart(rows, limit=len(rows))

    @cached_property
    def collectivities(self):
        return bar_chart(self.figures.by_collectivity)

    @cached_property
    def themes(self):
        return bar_chart(self.figures.by_theme)

    @cached_property
    def _indicators(self):
        return self.figures.kept("indicators", lambda: deployed_indicators(self.projects))

    @property
    def indicators(self):
        return self._indicators[0]

    @property
    def indicator_total(self):
        """How many deployed projects have a before/after measure (some may be left off)."""
        return self._indicators[1]

    @cached_property
    def before_after(self):
        return before_after_chart(self.indicators)
