"""ProjectPage.recency_date: the bank's « most recent » order kept on the row, indexed."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import F

from cms.migration_operations import AddIndexOnPostgreSQL


def fill_recency_dates(apps, schema_editor):
    ProjectPage = apps.get_model("projects", "ProjectPage")
    Cohort = apps.get_model("projects", "Cohort")
    ProjectPage.objects.filter(jury_date__isnull=False).update(recency_date=F("jury_date"))
    for cohort in Cohort.objects.all():
        ProjectPage.objects.filter(cohort=cohort, jury_date__isnull=True).update(
            recency_date=cohort.jury_date or cohort.start_date
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0009_accessibility_plan_pages"),
        ("projects", "0007_cover_image"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="projectpage",
            name="recency_date",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        AddIndexOnPostgreSQL(
            model_name="projectpage",
            index=models.Index(
                models.OrderBy(models.F("recency_date"), descending=True, nulls_last=True),
                name="project_recency_desc",
            ),
        ),
        migrations.RunPython(fill_recency_dates, migrations.RunPython.noop),
    ]
