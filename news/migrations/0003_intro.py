# The introduction field is called `intro` on every model. Its column keeps the name
# "introduction" (db_column): the rename changes the migration state only, no table.

from django.db import migrations, models


def _rename(model_name, label):
    return [
        migrations.RenameField(model_name=model_name, old_name="introduction", new_name="intro"),
        migrations.AlterField(
            model_name=model_name,
            name="intro",
            field=models.TextField(blank=True, db_column="introduction", verbose_name=label),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_news_events_trainings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *_rename("eventindexpage", "introduction"),
                *_rename("newsindexpage", "introduction"),
                *_rename("trainingindexpage", "introduction"),
                *_rename("eventsectionpage", "présentation"),
                *_rename("newssectionpage", "présentation"),
            ],
            database_operations=[],
        ),
    ]
