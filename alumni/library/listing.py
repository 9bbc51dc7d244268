"""The resource library's listing: the filters of a request, the results and facets.

Who may download a members-only resource's files is decided in alumni.library.access;
this module only lists. Every function runs a fixed number of queries, whatever the
number of resources.
"""

from django.db.models import Count

from cms.listing import (
    ActiveFilter,
    Facet,
    FacetOption,
    paginate,
    raw_param,
    search_ids,
    url_without,
)
from cms.search import search_words
from projects.models import ProjectTheme

from .access import login_url_for, may_download_members_files
from .models import (
    ResourcePage,
    ResourceThemeTag,
    ResourceType,
    TrainingModule,
    published_resources,
    with_resource_card_data,
)

PER_PAGE = 12

# URL parameter, label, label of the "no filter" choice; in the order of the form.
FACETS = [
    ("type", "Type", "Tous les types"),
    ("module", "Module de la formation", "Tous les modules"),
    ("thematique", "Thématique", "Toutes les thématiques"),
]
FACET_LABELS = {key: label for key, label, _all in FACETS}


# --- The listing ---------------------------------------------------------------------------


class ResourceListing:
    """Reads the filters of a request, and gives the results, facets and active filters."""

    def __init__(self, resources, params):
        self.params = params
        self.query = search_words(params.get("q"))
        self.ignored = []  # (label, raw value) of filter values that match nothing known
        self.selected = {}  # key -> (value, label, Q-able filter kwargs)
        self._resolve_filters()

        self.pool = resources
        self.ranked_ids = None
        if self.query:
            self.ranked_ids = search_ids(resources, self.query)
            self.pool = resources.filter(pk__in=self.ranked_ids)

        self.results = self._narrowed(self.pool)
        if self.ranked_ids is not None:
            self.page = self._relevance_page(raw_page=params.get("page"))
        else:
            ordered = self.results.order_by("-resource_date", "title", "pk")
            self.page = paginate(with_resource_card_data(ordered), params.get("page"), PER_PAGE)
        self.facets = [self._facet(key, label, all_label) for key, label, all_label in FACETS]
        self.active_filters = self._active_filters()

    def _resolve_filters(self):
        value = raw_param(self.params, "type")
        if value:
            if value in ResourceType.values:
                self.selected["type"] = (value, ResourceType(value).label, {"resource_type": value})
            else:
                self.ignored.append((FACET_LABELS["type"], value))
        value = raw_param(self.params, "module")
        if value:
            module = TrainingModule.objects.filter(slug=value).first()
            if module:
                self.selected["module"] = (value, module.name, {"modules": module.pk})
            else:
                self.ignored.append((FACET_LABELS["module"], value))
        value = raw_param(self.params, "thematique")
        if value:
            theme = ProjectTheme.objects.filter(slug=value).first()
            if theme:
                tagged = ResourceThemeTag.objects.filter(tag_id=theme.pk).values(
                    "content_object_id"
                )
                self.selected["thematique"] = (value, theme.name, {"pk__in": tagged})
            else:
                self.ignored.append((FACET_LABELS["thematique"], value))

    def _narrowed(self, queryset, excluding=None):
        for key, (_value, _label, lookup) in self.selected.items():
            if key != excluding:
                queryset = queryset.filter(**lookup)
        return queryset

    def _relevance_page(self, raw_page):
        allowed = set(self.results.values_list("pk", flat=True))
        page = paginate([pk for pk in self.ranked_ids if pk in allowed], raw_page, PER_PAGE)
        found = with_resource_card_data(
            ResourcePage.objects.filter(pk__in=list(page.object_list))
        ).in_bulk()
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
        return page

    def _facet(self, key, label, all_label):
        scoped_ids = self._narrowed(self.pool, excluding=key).order_by().values("pk")
        selected_value = self.selected[key][0] if key in self.selected else None
        options = getattr(self, f"_options_{key.replace('-', '_')}")(scoped_ids)
        if selected_value and not any(option.value == selected_value for option in options):
            options.insert(0, FacetOption(selected_value, self.selected[key][1], 0))
        for option in options:
            option.selected = option.value == selected_value
        return Facet(key, label, all_label, options)

    @staticmethod
    def _options_type(scoped_ids):
        counts = dict(
            ResourcePage.objects.filter(pk__in=scoped_ids)
            .values_list("resource_type")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return [
            FacetOption(kind.value, kind.label, counts[kind.value])
            for kind in ResourceType
            if counts.get(kind.value)
        ]

    @staticmethod
    def _options_module(scoped_ids):
        rows = (
            ResourcePage.modules.through.objects.filter(resourcepage_id__in=scoped_ids)
            .values("trainingmodule__slug", "trainingmodule__name", "trainingmodule__sort_order")
            .annotate(n=Count("resourcepage_id", distinct=True))
            .order_by("trainingmodule__sort_order", "trainingmodule__name")
        )
        return [
            FacetOption(row["trainingmodule__slug"], row["trainingmodule__name"], row["n"])
            for row in rows
        ]

    @staticmethod
    def _options_thematique(scoped_ids):
        rows = (
            ResourceThemeTag.objects.filter(content_object_id__in=scoped_ids)
            .values("tag__slug", "tag__name")
            .annotate(n=Count("content_object_id", distinct=True))
            .order_by("tag__name")
        )
        return [FacetOption(row["tag__slug"], row["tag__name"], row["n"]) for row in rows]

    def _active_filters(self):
        active = [
            ActiveFilter(key, label, self.selected[key][1], url_without(self.params, key))
            for key, label, _all in FACETS
            if key in self.selected
        ]
        if self.query:
            active.append(
                ActiveFilter("q", "Recherche", f"« {self.query} »", url_without(self.params, "q"))
            )
        return active

    def facet(self, key):
        return next(facet for facet in self.facets if facet.key == key)

    @property
    def module_facet(self):
        return self.facet("module")

    @property
    def total(self):
        return self.page.paginator.count

    @property
    def is_filtered(self):
        return bool(self.selected or self.query)


def library_context(page, request):
    listing = ResourceListing(published_resources().child_of(page), request.GET)
    return {
        "listing": listing,
        "can_download_members_files": may_download_members_files(request.user),
        "login_url": login_url_for(request),
    }
