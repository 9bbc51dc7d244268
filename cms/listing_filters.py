"""The filters of a faceted listing (cms.listing): how a slug of the URL is read, and how
the values of a facet are counted.

A filter counts its facet's values in one of two ways:

- by `columns` (field names or expressions of the listed model): the engine counts all
  these facets, and the total of the results, in one query grouped by every column, over
  the pool narrowed by the other filters only; each facet then sums the rows that the
  *other* chosen values keep (`Selection.keeps`: the tuples of the columns' values a
  value keeps), in Python. `options_from_counts(listing, counts)` turns the counts (the
  tuple of the columns' values -> number of results) into `FacetOption`s.
  `ChoiceFilter` counts this way; a `ListingFilter` or `SlugFilter` does when given
  `columns` and `from_counts` (and its selections their `keeps`).
- by its own query: `options(listing, scoped)`, `scoped` being the pool narrowed by the
  other filters chosen (a tag, a many-to-many relation: what a grouped row cannot hold).
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, Q, UniqueConstraint


@dataclass
class FacetOption:
    value: str
    label: str
    count: int | None  # None: a choice shown without a count
    selected: bool = False


@dataclass
class Selection:
    """A filter value read from the URL: its slug, what it is called, what it keeps (the
    `condition` on the pool; for a filter counted by columns, also `keeps`: the tuples of
    its columns' values that the condition keeps, so that counts are narrowed without SQL).
    """

    value: str
    label: str
    condition: Q
    keeps: frozenset | None = None


def either(selections):
    """One `Selection` for several values of a filter: any of them (OR)."""
    if len(selections) == 1:
        return selections[0]
    condition = Q()
    for selection in selections:
        condition |= selection.condition
    keeps = None
    if all(selection.keeps is not None for selection in selections):
        keeps = frozenset().union(*(selection.keeps for selection in selections))
    label = " ou ".join(selection.label for selection in selections)
    return Selection(selections[0].value, label, condition, keeps)


# --- Counting by columns ---------------------------------------------------------------


def grouped_counts(scoped, columns):
    """`scoped` grouped by every column at once: [(values, number of results)].

    One query for several facets (each then sums the rows over its own columns, see
    `counts_of`) and for their total: a scan of the pool is what a count costs, the
    grouping much less.
    """
    aliases = {
        f"facet_column_{index}": F(column) if isinstance(column, str) else column
        for index, column in enumerate(columns)
    }
    rows = scoped.annotate(**aliases).values_list(*aliases).annotate(n=Count("pk")).order_by()
    return [(tuple(row[:-1]), row[-1]) for row in rows]


def counts_of(rows, columns):
    """The rows of `grouped_counts` summed over the columns of the slice `columns`."""
    counts = Counter()
    for values, number in rows:
        counts[values[columns]] += number
    return counts


# --- Filters -----------------------------------------------------------------------------


class ListingFilter:
    """One filter of a listing: its URL key and labels, how a slug is read, its options.

    `select(slug)` returns a `Selection` or None (unknown value); `options(scoped)` the
    facet's options counted on `scoped`, or `columns` and `from_counts(counts)` (see the
    module). Subclasses override the methods of the same names, which also receive the
    listing.
    """

    def __init__(
        self, key, label, all_label, *, select=None, options=None, columns=(), from_counts=None
    ):
        self.key = key
        self.label = label
        self.all_label = all_label
        self._select = select
        self._options = options
        self.columns = tuple(columns)
        self._from_counts = from_counts

    def select(self, listing, value):
        return self._select(value)

    def options(self, listing, scoped):
        if self.columns:
            counts = counts_of(grouped_counts(scoped, self.columns), slice(0, len(self.columns)))
            return self.options_from_counts(listing, counts)
        return self._options(scoped)

    def options_from_counts(self, listing, counts):
        return self._from_counts(counts)


class ChoiceFilter(ListingFilter):
    """A `TextChoices` field: options in the order of the choices, those with results."""

    def __init__(self, key, label, all_label, choices, field_name):
        super().__init__(key, label, all_label, columns=(field_name,))
        self.choices = choices
        self.field_name = field_name

    def select(self, listing, value):
        if value in self.choices.values:
            condition = Q(**{self.field_name: value})
            return Selection(value, self.choices(value).label, condition, frozenset({(value,)}))
        return None

    def options_from_counts(self, listing, counts):
        return [
            FacetOption(choice.value, choice.label, counts[(choice.value,)])
            for choice in self.choices
            if counts.get((choice.value,))
        ]


class SlugFilter(ListingFilter):
    """A model instance found by its slug (`queryset`); `condition(instance)` is its `Q`,
    `value_label(instance)` its name; its options counted by `options(scoped)`, or by
    `columns` and `from_counts(counts)`, `keeps(instance)` being then the columns' values
    of the instance (the tuple that `condition` keeps)."""

    def __init__(
        self,
        key,
        label,
        all_label,
        *,
        queryset,
        condition,
        options=None,
        columns=(),
        from_counts=None,
        keeps=None,
        value_label=str,
    ):
        super().__init__(
            key, label, all_label, options=options, columns=columns, from_counts=from_counts
        )
        self.queryset = queryset
        self.condition = condition
        self.keeps = keeps
        self.value_label = value_label

    def select(self, listing, value):
        instance = self.queryset.filter(slug=value).first()
        if instance is None:
            return None
        keeps = frozenset({self.keeps(instance)}) if self.keeps else None
        return Selection(value, self.value_label(instance), self.condition(instance), keeps)


def _one_row_per_object_and_tag(item_model):
    """True when the tagged item model forbids tagging an object twice with one tag."""
    pair = {"content_object", "tag"}
    for constraint in item_model._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.condition is None:
            if set(constraint.fields) == pair:
                return True
    return any(set(fields) == pair for fields in item_model._meta.unique_together)


class TagFilter(ListingFilter):
    """A taggit tag (`tag_model`) given through a tagged item model (`item_model`, whose
    `content_object` is the listed object): options by name, counted once per object."""

    def __init__(self, key, label, all_label, tag_model, item_model):
        super().__init__(key, label, all_label)
        self.tag_model = tag_model
        self.item_model = item_model
        # A COUNT(DISTINCT) costs a third more: only where an object may hold a tag twice.
        self.count_distinct = not _one_row_per_object_and_tag(item_model)

    def select(self, listing, value):
        tag = self.tag_model.objects.filter(slug=value).first()
        if tag is None:
            return None
        tagged = self.item_model.objects.filter(tag_id=tag.pk).values("content_object_id")
        return Selection(value, tag.name, Q(pk__in=tagged))

    def options(self, listing, scoped):
        rows = (
            self.item_model.objects.filter(content_object_id__in=scoped.values("pk"))
            .values("tag__slug", "tag__name")
            .annotate(n=Count("content_object_id", distinct=self.count_distinct))
            .order_by("tag__name")
        )
        return [FacetOption(row["tag__slug"], row["tag__name"], row["n"]) for row in rows]


class OfferedFilter(ListingFilter):
    """A fixed list of choices, shown without counts: `offered(listing)` gives its
    (slug, label) pairs, read once per listing; a slug outside them is ignored.
    `condition(listing, slug)` is the `Q` of a chosen slug."""

    def __init__(self, key, label, all_label, *, offered, condition):
        super().__init__(key, label, all_label)
        self.offered = offered
        self.condition = condition

    def _choices(self, listing):
        return listing.cached(("offered", self.key), lambda: list(self.offered(listing)))

    def select(self, listing, value):
        label = next((text for slug, text in self._choices(listing) if slug == value), None)
        if label is None:
            return None
        return Selection(value, label, self.condition(listing, value))

    def options(self, listing, scoped):
        return [FacetOption(slug, text, None) for slug, text in self._choices(listing)]
