"""Serializer fields for the pages' `api_fields` that read what the API listing
prefetched (cms.api: a page type's `api_select_related` and `api_prefetch_related`)."""

from rest_framework import serializers


class TagNamesField(serializers.Field):
    """A page's tags as Wagtail's API writes them (their names, ordered by name), read
    from `through` (the tagged items) when the listing prefetched them ordered by name."""

    def __init__(self, through="tagged_items", **kwargs):
        self.through = through
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, value):
        if self.through in getattr(value, "_prefetched_objects_cache", {}):
            items = getattr(value, self.through).all()
        else:
            items = getattr(value, self.through).select_related("tag").order_by("tag__name")
        return [item.tag.name for item in items]


class CollectivityField(serializers.Field):
    """A page's collectivité as its slug (the `collectivite=` filter's value) and its name;
    null for EMI's own pages. Read from the page's `collectivity` (select_related)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {"slug": value.slug, "name": value.name}

    def get_attribute(self, instance):
        return instance.collectivity if instance.collectivity_id else None
