# The introduction field is called `intro` on every model (state and column rename only).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_news_events_trainings"),
    ]

    operations = [
        migrations.RenameField(
            model_name="eventindexpage",
            old_name="introduction",
            new_name="intro",
        ),
        migrations.RenameField(
            model_name="newsindexpage",
            old_name="introduction",
            new_name="intro",
        ),
        migrations.RenameField(
            model_name="trainingindexpage",
            old_name="introduction",
            new_name="intro",
        ),
    ]
