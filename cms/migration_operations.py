"""Operations shared by the migrations of several apps (keep them stable: old migrations
import them)."""

from django.db import migrations, models


def rename_intro(model_name, label):
    """The introduction field is called `intro` on every model; its column keeps the name
    "introduction" (db_column), so the rename changes the migration state only."""
    return [
        migrations.RenameField(model_name=model_name, old_name="introduction", new_name="intro"),
        migrations.AlterField(
            model_name=model_name,
            name="intro",
            field=models.TextField(blank=True, db_column="introduction", verbose_name=label),
        ),
    ]
