import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


PROFILE_MODELS = ["staffprofile", "historicalstaffprofile"]


def move_content_types(apps, schema_editor, source="partnerships", target="accounts"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=PROFILE_MODELS).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="accounts", target="partnerships")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("partnerships", "0010_staff_profile_moves_to_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The profile model comes from the partnerships app with its tables.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalStaffProfile",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "email_reminders",
                            models.BooleanField(
                                default=True,
                                help_text="Receive the daily digest of what is due.",
                                verbose_name="e-mail reminders",
                            ),
                        ),
                        (
                            "csv_delimiter",
                            models.CharField(
                                choices=[(";", "Semicolon (;), for Excel in Indonesian"), (",", "Comma (,)")],
                                default=";",
                                max_length=1,
                                verbose_name="CSV separator",
                            ),
                        ),
                        (
                            "calendar_token",
                            models.CharField(
                                blank=True, editable=False, max_length=64, verbose_name="calendar token"
                            ),
                        ),
                        (
                            "language",
                            models.CharField(
                                choices=[("id", "Indonesian"), ("en", "English")],
                                default="id",
                                max_length=5,
                                verbose_name="language",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "department",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="Required for OPD staff: they change only their own department's records.",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="partnerships.department",
                                verbose_name="department",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical staff profile",
                        "verbose_name_plural": "historical staff profiles",
                        "db_table": "partnerships_historicalstaffprofile",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="StaffProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "email_reminders",
                            models.BooleanField(
                                default=True,
                                help_text="Receive the daily digest of what is due.",
                                verbose_name="e-mail reminders",
                            ),
                        ),
                        (
                            "csv_delimiter",
                            models.CharField(
                                choices=[(";", "Semicolon (;), for Excel in Indonesian"), (",", "Comma (,)")],
                                default=";",
                                max_length=1,
                                verbose_name="CSV separator",
                            ),
                        ),
                        (
                            "calendar_token",
                            models.CharField(
                                blank=True, editable=False, max_length=64, verbose_name="calendar token"
                            ),
                        ),
                        (
                            "language",
                            models.CharField(
                                choices=[("id", "Indonesian"), ("en", "English")],
                                default="id",
                                max_length=5,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "department",
                            models.ForeignKey(
                                blank=True,
                                help_text="Required for OPD staff: they change only their own department's records.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="staff_profiles",
                                to="partnerships.department",
                                verbose_name="department",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="staff_profile",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "staff profile",
                        "verbose_name_plural": "staff profiles",
                        "db_table": "partnerships_staffprofile",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("csv_delimiter__in", [";", ","])),
                                name="staff_profile_csv_delimiter_valid",
                                violation_error_message="Select a valid choice.",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("calendar_token", ""), _negated=True),
                                fields=("calendar_token",),
                                name="staff_profile_calendar_token_unique",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        # Permissions granted on profiles follow them.
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
