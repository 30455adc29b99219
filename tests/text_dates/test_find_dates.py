"""Dates in running text, Indonesian and English: every date found, ranges
joined, and a date without a year given one from the publication date only."""

import datetime

from coop_lib.dates import MONTHS
from coop_lib.text_dates import DateKind, DateNote, find_dates, is_date_word

D = datetime.date
TODAY = D(2026, 12, 7)


def read(text, published=None):
    return [(f.date, f.end_date, f.kind, f.notes) for f in find_dates(text, published=published, today=TODAY)]


def first(text, published=None):
    return find_dates(text, published=published, today=TODAY)[0]


def test_it_reads_the_forms_of_an_indonesian_date():
    cases = {
        "Kamis (3/2/2022)": D(2022, 2, 3),
        "Senin, 14/3/2022": D(2022, 3, 14),
        "3 Februari 2022": D(2022, 2, 3),
        "9 Agt 2022": D(2022, 8, 9),
        "9 Ags 2022": D(2022, 8, 9),
        "3 Pebruari 2022": D(2022, 2, 3),
        "9 Nopember 2023": D(2023, 11, 9),
        "Jum'at (4/2/22)": D(2022, 2, 4),
        "Jumat, 15 November 2024": D(2024, 11, 15),
        "Sabtu 6 Juli 2024": D(2024, 7, 6),
    }
    for text, expected in cases.items():
        found = first(f"Rapat digelar {text} di Balaikota.")
        assert (found.date, found.kind, found.notes) == (expected, DateKind.DATE, ()), text


def test_it_reads_the_forms_of_an_english_date():
    cases = {
        "Tuesday, 5 March 2024": D(2024, 3, 5),
        "March 5, 2024": D(2024, 3, 5),
        "on Thursday, March 9, 2023": D(2023, 3, 9),
        "Friday morning (8/9/17)": D(2017, 9, 8),
        "Apr. 24, 2015": D(2015, 4, 24),
    }
    for text, expected in cases.items():
        assert first(f"The mayor met the delegation {text} at the City Hall.").date == expected, text


def test_it_keeps_the_weekday_written_and_notes_one_that_does_not_fit():
    found = first("Rapat digelar Jumat (3/2/2022).")
    assert (found.weekday_written, found.weekday) == ("Jumat", 4)
    assert found.notes == (DateNote.WEEKDAY_MISMATCH,)


def test_it_reports_a_day_that_does_not_exist():
    found = first("Rapat digelar Senin (31/2/2022).")
    assert found.date is None
    assert found.notes == (DateNote.INVALID,)


def test_it_reads_ranges_of_days():
    june = (D(2024, 6, 10), D(2024, 6, 14), DateKind.RANGE, ())
    for text in ("10–14 Juni 2024", "10-14 June 2024", "10 s.d. 14 Juni 2024", "10 s/d 14 Juni 2024",
                 "10 sampai 14 Juni 2024", "June 10-14, 2024", "10 hingga 14 Juni 2024"):  # fmt: skip
        assert read(f"Kunjungan kerja {text}.") == [june], text
    assert read("dari 28 Mei – 2 Juni 2024") == [(D(2024, 5, 28), D(2024, 6, 2), DateKind.RANGE, ())]


def test_it_joins_a_departure_and_a_return_into_one_trip():
    expected = [(D(2019, 2, 3), D(2019, 2, 9), DateKind.RANGE, ())]
    assert read("Selama seminggu, Minggu (3/2/2019) hingga Sabtu (9/2/2019).") == expected
    assert read(
        "Berangkat ke Kawasaki hari Minggu (3/2/2019) dan kembali ke Bandung hari Sabtu (9/2/2019)."
    ) == (expected)


def test_a_date_without_a_year_takes_it_from_the_publication_date_not_from_the_text():
    text = (
        "MoU ditandatangani di Balai Kota Bandung, Senin (11/8). "
        "LoI pada 19 Desember 2014 dan MoU pada 26 Juni 2019."
    )
    found = first(text, published=D(2025, 8, 12))
    assert found.date == D(2025, 8, 11)
    assert found.year_written is False
    assert found.notes == (DateNote.YEAR_FROM_PUBLICATION,)


def test_a_date_without_a_year_is_the_nearest_such_day_not_after_the_publication():
    # Published 2 January: "Kamis (28/12)" is last December's.
    assert first("Rapat digelar Kamis (28/12).", published=D(2024, 1, 2)).date == D(2023, 12, 28)
    # "20-26 Juni lalu" in a release of 4 July 2019.
    found = first("Pemkot Bandung berkunjung ke Braunschweig, 20-26 Juni lalu.", published=D(2019, 7, 4))
    assert (found.date, found.end_date, found.kind) == (D(2019, 6, 20), D(2019, 6, 26), DateKind.RANGE)


def test_the_weekday_chooses_a_day_announced_just_after_the_publication():
    found = first("Rapat akan digelar Senin (18/3).", published=D(2024, 3, 15))
    assert (found.date, found.notes) == (D(2024, 3, 18), (DateNote.YEAR_FROM_PUBLICATION,))


def test_a_weekday_that_fits_no_nearby_year_is_flagged():
    found = first("Rapat digelar Selasa (14/3).", published=D(2024, 3, 20))
    assert found.date == D(2024, 3, 14)
    assert found.notes == (DateNote.YEAR_FROM_PUBLICATION, DateNote.WEEKDAY_MISMATCH)


def test_without_a_publication_date_the_year_is_assumed_and_flagged():
    found = first("Rapat digelar Kamis (14/3).")
    assert found.date == D(2026, 3, 14)
    assert DateNote.YEAR_ASSUMED in found.notes


def test_a_publication_line_in_the_text_gives_the_year_and_is_marked():
    text = "Jum'at, 27 November 2015 - 21:15 WIB\nGedung Sate Exist\nThe mayor said, Friday (27/11)."
    publication, meeting = find_dates(text, today=TODAY)
    assert (publication.date, publication.is_publication) == (D(2015, 11, 27), True)
    assert (meeting.date, meeting.is_publication) == (D(2015, 11, 27), False)
    dipublikasikan = find_dates(
        "Dipublikasikan pada 5 September 2014\nDubes menerima Walikota, Rabu (3/9) lalu."
    )
    assert [(f.date, f.is_publication) for f in dipublikasikan] == [
        (D(2014, 9, 5), True),
        (D(2014, 9, 3), False),
    ]


def test_a_meeting_date_with_its_time_is_not_a_publication_line():
    text = "Rapat digelar secara daring, Rabu, 15 Maret 2023 pukul 13.30 WIB, dari Bandung Command Center."
    assert first(text).is_publication is False


def test_a_bare_weekday_and_yesterday_count_from_the_publication_date():
    weekday = first("After signing the memorandum, Monday, the mayor said.", published=D(2017, 10, 11))
    assert (weekday.kind, weekday.date, weekday.notes) == (
        DateKind.WEEKDAY,
        D(2017, 10, 9),
        (DateNote.FROM_WEEKDAY,),
    )
    yesterday = first("kata Oded di Balai Kota Bandung, kemarin.", published=D(2019, 9, 9))
    assert (yesterday.kind, yesterday.date) == (DateKind.RELATIVE, D(2019, 9, 8))
    assert find_dates("kata Oded, kemarin.")[0].date is None


def test_numbers_that_are_not_dates_are_left_alone():
    assert read("Sebanyak 200 orang, rasio 3/4, pukul 10.00, tahun 2017, 5,07 persen, (24/42024).") == []


def test_it_lists_every_date_in_order():
    text = "Rapat Kamis (3/2/2022) membahas LoI 19 Desember 2014 dan rencana 10-14 Juni 2024."
    assert [f.written for f in find_dates(text)] == ["Kamis (3/2/2022", "19 Desember 2014", "10-14 Juni 2024"]


def test_month_and_weekday_words_are_known():
    assert all(is_date_word(word) for word in ("Juni", "Kamis", "March", "Jum'at"))
    assert not is_date_word("Bandung")


def test_the_month_names_the_import_reads_stay():
    assert MONTHS["pebruari"] == 2 and MONTHS["agt"] == 8 and MONTHS["desember"] == 12


def test_a_year_far_outside_1900_to_2100_is_no_date():
    assert [f.notes for f in find_dates("Rapat Kamis (1/1/0001) dan 5 Maret 3024.")] == [
        (DateNote.INVALID,),
        (DateNote.INVALID,),
    ]
    assert first("kemarin", published=D(1, 1, 1)).date is None
