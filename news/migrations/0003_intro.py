# The introduction field is called `intro` on every model. Its column keeps the name
# "introduction" (db_column): the rename changes the migration state only, no table.

from django.db import migrations

from cms.migration_operations import rename_intro


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_news_events_trainings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *rename_intro("eventindexpage", "introduction"),
                *rename_intro("newsindexpage", "introduction"),
                *rename_intro("trainingindexpage", "introduction"),
                *rename_intro("eventsectionpage", "présentation"),
                *rename_intro("newssectionpage", "présentation"),
            ],
            database_operations=[],
        ),
    ]
