from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0009_versions_and_restore"),
    ]

    operations = [
        # The profile model moves to the accounts app; its tables stay as they are.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="staffprofile",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="staffprofile",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="HistoricalStaffProfile",
                ),
                migrations.DeleteModel(
                    name="StaffProfile",
                ),
            ],
            database_operations=[],
        ),
    ]
