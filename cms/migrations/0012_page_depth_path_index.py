"""An index on the pages' depth and path: a page's children (`depth = n AND path LIKE
'…%'`: the site's sections, read with the pages of every path after a publication, and
Wagtail's `get_children()`) were found by reading the whole page table (12 ms at 10,000
projects, 0.2 with)."""

from django.db import migrations

from cms.migration_operations import RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0011_electoral_reserve_period"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        RunSQLOnPostgreSQL(
            "CREATE INDEX IF NOT EXISTS emi_page_depth_path "
            "ON wagtailcore_page (depth, path varchar_pattern_ops)",
            "DROP INDEX IF EXISTS emi_page_depth_path",
        )
    ]
