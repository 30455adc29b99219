"""Maps the old stages onto the stages of PP 28/2018 and Permendagri 25/2020.

A signed MoU and a signed PKS both mean the cooperation is now "signed".
Past versions in the audit trail are mapped too, so history reads in the
same terms. Kept apart from the schema changes so PostgreSQL never alters a
table with row updates pending in the same transaction.
"""

from django.db import migrations

OLD_TO_NEW = {"mou": "signed", "agreement": "signed"}
NEW_TO_OLD = {
    "signed": "mou",
    "initiative": "exploration",
    "plan": "loi",
    "dprd_approval": "loi",
    "central_approval": "loi",
    "renewal": "evaluation",
}


def _map(apps, mapping):
    for model_name in ("Cooperation", "HistoricalCooperation"):
        model = apps.get_model("partnerships", model_name)
        for old, new in mapping.items():
            model.objects.filter(stage=old).update(stage=new)


def forwards(apps, schema_editor):
    _map(apps, OLD_TO_NEW)


def backwards(apps, schema_editor):
    _map(apps, NEW_TO_OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0005_lifecycle_lineage_action_plan"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
