# The introduction field is called `intro` on every model. Its column keeps the name
# "introduction" (db_column): the rename changes the migration state only, no table.

from django.db import migrations

from cms.migration_operations import rename_intro


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_project_bank"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *rename_intro("projectindexpage", "introduction"),
                *rename_intro("projectsectionpage", "présentation"),
            ],
            database_operations=[],
        ),
    ]
