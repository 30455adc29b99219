from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0006_regulation_stages"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="cooperation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "stage__in",
                        [
                            "initiative",
                            "exploration",
                            "loi",
                            "plan",
                            "dprd_approval",
                            "central_approval",
                            "signed",
                            "implementation",
                            "evaluation",
                            "renewal",
                            "ended",
                        ],
                    )
                ),
                name="cooperation_stage_valid",
                violation_error_message="Select a valid choice.",
            ),
        ),
    ]
