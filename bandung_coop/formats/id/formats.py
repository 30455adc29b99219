"""Indonesian formats as the city writes them: full month names ("3 Februari
2022", as in its letters and news) and times with a dot ("10.00"). Django's
own Indonesian formats supply everything not set here."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H.i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H.i"
