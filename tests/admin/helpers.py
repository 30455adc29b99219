from django.contrib.auth import get_user_model


def make_superuser(username: str = "root"):
    return get_user_model().objects.create_superuser(username, f"{username}@example.org", "pw-for-tests-1")


def empty_inlines(*prefixes: str) -> dict[str, str]:
    """Management-form fields of inline formsets submitted with no rows."""
    data = {}
    for prefix in prefixes:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data
