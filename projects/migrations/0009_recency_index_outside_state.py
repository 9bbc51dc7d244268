"""The « most recent » index (`recency_date DESC NULLS LAST`, 0008) stays in PostgreSQL's
database but leaves the migration state: SQLite rebuilds a table on most changes of a
field and recreates every index of the state, and its CREATE INDEX refuses NULLS LAST."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("projects", "0008_recency_date")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="projectpage", name="project_recency_desc")
            ],
            database_operations=[],
        ),
    ]
