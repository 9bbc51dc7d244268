# Themes were typed freely until moderators kept their list (alumni.themes): spellings of
# one theme are merged into the one most profiles used.

from django.db import migrations

from alumni.themes import merge_duplicate_themes


def merge(apps, schema_editor):
    merge_duplicate_themes(
        apps.get_model("alumni", "AlumniTheme"),
        [apps.get_model("alumni", "AlumniProfileTheme"), apps.get_model("alumni", "MentorTheme")],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("alumni", "0003_rich_text_heading_levels"),
    ]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
