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


class PostgreSQLOnly:
    """An operation that only PostgreSQL runs: the migration state has it everywhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnPostgreSQL(PostgreSQLOnly, migrations.AddIndex):
    """An index that only PostgreSQL can build (e.g. `DESC NULLS LAST`, which SQLite's
    CREATE INDEX refuses)."""


class RunSQLOnPostgreSQL(PostgreSQLOnly, migrations.RunSQL):
    """SQL that only means something on PostgreSQL (a full-text index)."""
