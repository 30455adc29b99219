"""Indonesian names of the partner countries the city works with most.

django-countries ships no Indonesian catalog; listing the names here puts
them in the project's catalog (locale/id), which Django reads first, so the
country filter and the dashboard say "Jepang", not "Japan". The rest of the
world keeps the package's English names until someone adds them here.
"""

from django.utils.translation import gettext_noop

PARTNER_COUNTRY_NAMES = [
    gettext_noop("Japan"),
    gettext_noop("South Korea"),
    gettext_noop("China"),
    gettext_noop("Netherlands"),
    gettext_noop("Germany"),
    gettext_noop("France"),
    gettext_noop("Australia"),
    gettext_noop("United States of America"),
    gettext_noop("Malaysia"),
    gettext_noop("Singapore"),
    gettext_noop("Indonesia"),
    gettext_noop("Thailand"),
    gettext_noop("Vietnam"),
    gettext_noop("United Kingdom"),
    gettext_noop("India"),
    gettext_noop("Saudi Arabia"),
    gettext_noop("United Arab Emirates"),
    gettext_noop("Türkiye"),
    gettext_noop("Taiwan"),
    gettext_noop("Philippines"),
]
