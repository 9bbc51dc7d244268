"""The resource library: who may download what, the listing and its filters.

A members-only resource's files are downloadable by members (and EMI moderators, who
manage them); everyone else sees "réservé aux membres" and a link to log in. The files
themselves are protected by their collection's view restriction (alumni.setup), so this
module only decides what to show. Every function runs a fixed number of queries,
whatever the number of resources.
"""

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.models import BaseViewRestriction

from cms.collectivities import is_moderator
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
from projects.models import ProjectTheme, published_projects, with_card_data

from .membership import is_member
from .resource_models import (
    Audience,
    ResourceFile,
    ResourcePage,
    ResourceThemeTag,
    ResourceType,
    TrainingModule,
)
from .setup import ALUMNI_GROUP_NAME, MEMBERS_COLLECTION_NAME

PER_PAGE = 12

# URL parameter, label, label of the "no filter" choice; in the order of the form.
FACETS = [
    ("type", "Type", "Tous les types"),
    ("module", "Module de la formation", "Tous les modules"),
    ("thematique", "Thématique", "Toutes les thématiques"),
]
FACET_LABELS = {key: label for key, label, _all in FACETS}


# --- Access ------------------------------------------------------------------------------


def may_download_members_files(user):
    """Members of the network, and the EMI moderators who publish the library."""
    return is_member(user) or (user.is_authenticated and is_moderator(user))


def is_members_only_document(document):
    """True if the document's collection (or one above it) is restricted to "Alumni"."""
    for restriction in document.collection.get_view_restrictions():
        if restriction.restriction_type == BaseViewRestriction.GROUPS and any(
            group.name == ALUMNI_GROUP_NAME for group in restriction.groups.all()
        ):
            return True
    return False


def has_view_restriction(document):
    return bool(document.collection.get_view_restrictions())


def misplaced_documents(documents, audience):
    """French messages for the files whose collection does not match the audience."""
    messages = []
    for document in documents:
        if audience == Audience.MEMBRES and not is_members_only_document(document):
            messages.append(
                f"« {document.title} » est rangé dans la collection "
                f"« {document.collection.name} », ouverte à tous : déplacez-le dans la "
                f"collection « {MEMBERS_COLLECTION_NAME} », ou rendez la ressource "
                "tout public."
            )
        elif audience == Audience.PUBLIC and has_view_restriction(document):
            messages.append(
                f"« {document.title} » est dans la collection à accès restreint "
                f"« {document.collection.name} » : les visiteurs ne pourraient pas le "
                "télécharger. Réservez la ressource aux membres, ou rangez le fichier "
                "dans une autre collection."
            )
    return messages


def login_url_for(request):
    return reverse("alumni:login") + "?" + urlencode({"next": request.get_full_path()})


# --- Querysets ---------------------------------------------------------------------------


def published_resources():
    return ResourcePage.objects.live().public()


def with_resource_card_data(queryset):
    """What a resource card shows, in a constant number of queries."""
    return queryset.prefetch_related(
        Prefetch("modules", queryset=TrainingModule.objects.order_by("sort_order", "name")),
        Prefetch(
            "files",
            queryset=ResourceFile.objects.select_related("document").order_by("sort_order"),
        ),
    )


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


# --- A resource page -----------------------------------------------------------------------


def resource_context(page, request):
    can_download = not page.is_members_only or may_download_members_files(request.user)
    files = []
    related_projects = []
    other_resources = []
    module_ids = []
    if page.pk:
        files = list(page.files.select_related("document").order_by("sort_order"))
        project_ids = list(page.project_links.values_list("project_id", flat=True))
        if project_ids:
            related_projects = list(
                with_card_data(published_projects().filter(pk__in=project_ids)).order_by("title")
            )
        module_ids = list(page.modules.values_list("pk", flat=True))
    else:  # preview of a page never saved: the in-memory relations
        files = [item for item in page.files.all() if item.document_id]
    modules = list(TrainingModule.objects.filter(pk__in=module_ids)) if module_ids else []
    if module_ids:
        other_resources = list(
            published_resources()
            .filter(modules__in=module_ids)
            .exclude(pk=page.pk)
            .distinct()
            .order_by("-resource_date", "title")[:3]
        )
    parent = page.get_parent() if page.pk else None
    return {
        "can_download": can_download,
        "resource_files": files,
        "resource_modules": modules,
        "resource_themes": list(page.themes.all()) if page.pk else [],
        "related_projects": related_projects,
        "other_resources": other_resources,
        "library_url": parent.url if parent else "/ressources/",
        "login_url": login_url_for(request),
        "is_logged_in_non_member": request.user.is_authenticated and not can_download,
    }
