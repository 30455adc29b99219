"""Dates as people in Bandung write them: the Indonesian month names and
their usual short forms (and the English short forms spreadsheets use)."""

MONTH_NAMES = [
    ("januari", "jan"),
    ("februari", "pebruari", "feb", "peb"),
    ("maret", "mar"),
    ("april", "apr"),
    ("mei",),
    ("juni", "jun"),
    ("juli", "jul"),
    ("agustus", "agust", "agu", "agt", "ags", "aug"),
    ("september", "sept", "sep"),
    ("oktober", "okt", "oct"),
    ("november", "nopember", "nov", "nop"),
    ("desember", "des", "dec"),
]
# Lower-case name -> month number.
MONTHS = {name: number for number, names in enumerate(MONTH_NAMES, start=1) for name in names}
