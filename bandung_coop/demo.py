"""Demo data: the facts of the city's news release of 3 February 2022 on the
Japanese ambassador's courtesy call, plus later public facts on Hamamatsu.

Everything is created with get_or_create on a natural key and left alone when
it exists, so loading twice changes nothing and never overwrites edits.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.role_groups import ensure_role_groups
from accounts.roles import Role
from meetings.models import (
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingKind,
    MeetingMode,
    Participant,
    ParticipantRole,
    Visit,
    VisitDirection,
)
from partnerships.models import (
    ActionPlanItem,
    ActionPlanTarget,
    Cooperation,
    CooperationKind,
    Department,
    DepartmentKind,
    Document,
    DocumentKind,
    DocumentRelation,
    FocusArea,
    Partner,
    PartnerKind,
    Person,
    Sector,
    Stage,
    StageChange,
)

# The city's time zone (settings.TIME_ZONE), in which the dates below are written.
WIB = timezone.get_default_timezone()
ARTICLE_MEETING_TITLE = "Audiensi Duta Besar Jepang dengan Plt. Wali Kota Bandung"
DEMO_PASSWORD = "bandung-demo-2026"
HAMAMATSU_TITLE = "Kerja sama Kota Bandung – Kota Hamamatsu bidang lingkungan hidup"

DEPARTMENTS = [
    # (acronym, name, kind, aliases)
    ("Bappelitbang", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan", DepartmentKind.BADAN,
     ["Bappeda", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Kota Bandung"]),
    ("Disnaker", "Dinas Ketenagakerjaan", DepartmentKind.DINAS,
     ["Dinas Ketenagakerjaan Kota Bandung", "Dinas Tenaga Kerja"]),
    ("Disbudpar", "Dinas Kebudayaan dan Pariwisata", DepartmentKind.DINAS,
     ["Dinas Kebudayaan dan Pariwisata Kota Bandung"]),
    ("DSDABM", "Dinas Sumber Daya Air dan Bina Marga", DepartmentKind.DINAS,
     ["Dinas Sumber Daya Air dan Bina Marga Kota Bandung", "Dinas SDABM"]),
    ("Dishub", "Dinas Perhubungan", DepartmentKind.DINAS, ["Dinas Perhubungan Kota Bandung"]),
    ("DLHK", "Dinas Lingkungan Hidup dan Kebersihan", DepartmentKind.DINAS,
     ["Dinas Lingkungan Hidup dan Kebersihan Kota Bandung", "DLH"]),
    ("PDAM", "Perumda Air Minum Tirtawening", DepartmentKind.BUMD,
     ["PDAM Tirtawening", "Perumda Tirtawening", "PDAM Kota Bandung"]),
    ("Bagian Kerja Sama", "Bagian Kerja Sama Sekretariat Daerah", DepartmentKind.BAGIAN,
     ["Bagian Kerja Sama Setda Kota Bandung", "Bag. Kerja Sama"]),
]  # fmt: skip

PARTNERS = [
    # (name, kind, country, region, aliases, profile)
    ("Kota Kawasaki", PartnerKind.LOCAL_GOVERNMENT, "JP", "Kanagawa", ["Kawasaki", "Kawasaki City", "川崎市"],
     "Kota di Prefektur Kanagawa, Jepang (川崎市)."),
    ("Kota Hamamatsu", PartnerKind.LOCAL_GOVERNMENT, "JP", "Shizuoka",
     ["Hamamatsu", "Hamamatsu City", "Hanamatsu", "浜松市"], "Kota di Prefektur Shizuoka, Jepang (浜松市)."),
    ("Kota Toyota", PartnerKind.LOCAL_GOVERNMENT, "JP", "Aichi", ["Toyota", "Toyota City", "豊田市"],
     "Kota di Prefektur Aichi, Jepang (豊田市)."),
    ("Kedutaan Besar Jepang untuk Indonesia", PartnerKind.EMBASSY, "JP", "",
     ["Kedubes Jepang", "Embassy of Japan in Indonesia", "在インドネシア日本国大使館"], ""),
    ("Kadin Indonesia Komite Jepang", PartnerKind.CHAMBER, "ID", "",
     ["Komite Jepang untuk Kadin Indonesia", "Komite Jepang Kadin"], ""),
]  # fmt: skip

SECTORS = {
    "Lingkungan Hidup": [
        "Manajemen limbah",
        "Manajemen lingkungan air",
        "Manajemen kualitas udara",
        "Kolaborasi institusi akademik, budaya dan penelitian untuk kota kreatif",
        "Pelatihan personel bidang sistem penyediaan air",
        "Pelatihan personel bidang lingkungan dan sanitasi",
    ],
    "Ketenagakerjaan": [
        "Teknologi informasi",
        "Sistem transportasi berkelanjutan",
        "Kegiatan lingkungan",
        "Kesejahteraan sosial",
        "Pendidikan",
        "Pemberdayaan sumber daya manusia",
        "Reformasi administrasi",
        "Tenaga terampil terlatih bahasa Jepang",
    ],
}

COOPERATIONS = [
    # (title, partner, lead, supporting, sector, focus areas, stage)
    ("Kerja sama Kota Bandung – Kota Kawasaki bidang lingkungan hidup", "Kota Kawasaki", "DLHK", ["DSDABM"],
     "Lingkungan Hidup", SECTORS["Lingkungan Hidup"][:3], Stage.EXPLORATION),
    (HAMAMATSU_TITLE, "Kota Hamamatsu", "DLHK", ["PDAM", "Disnaker", "Disbudpar"], "Lingkungan Hidup",
     SECTORS["Lingkungan Hidup"][3:], Stage.IMPLEMENTATION),
    ("Kerja sama Kota Bandung – Kota Toyota bidang ketenagakerjaan", "Kota Toyota", "Disnaker", ["Dishub"],
     "Ketenagakerjaan", SECTORS["Ketenagakerjaan"][:7], Stage.EXPLORATION),
]  # fmt: skip

ARTICLE_SUMMARY = (
    "Plt. Wali Kota Bandung Yana Mulyana menerima Duta Besar Jepang untuk Indonesia, Kenji Kanasugi, "
    "di Balaikota. Potensi kerja sama di bidang ketenagakerjaan (tenaga terampil yang sudah mengikuti "
    "pelatihan bahasa dan siap dikirim ke Jepang) dan lingkungan hidup; kenyamanan warga Jepang di "
    "Kota Bandung termasuk vaksin Covid-19 booster; peningkatan kerja sama pascapandemi; pentingnya "
    "Indonesia bagi Jepang dari sisi market dan investasi."
)
ARTICLE_MINUTES = (
    "Pemkot Bandung menyampaikan kerja sama yang sudah terjalin dengan tiga kota di Jepang: Kawasaki "
    "(manajemen limbah, manajemen lingkungan air, manajemen kualitas udara), Hamamatsu (kolaborasi "
    "institusi akademik, budaya dan penelitian untuk kota kreatif; pelatihan personel sistem penyediaan "
    "air; pelatihan personel lingkungan dan sanitasi) dan Toyota (teknologi informasi, sistem "
    "transportasi berkelanjutan, kegiatan lingkungan, kesejahteraan sosial, pendidikan, pemberdayaan "
    "SDM, reformasi administrasi). Duta Besar menyebut Bandung kota yang paling aktif menjalin kerja "
    "sama dengan kota-kota di Jepang dan berharap kerja sama semakin erat pascapandemi Covid-19."
)


@dataclass
class DemoUser:
    username: str
    description: str
    role: Role | None = None
    department: str | None = None
    is_superuser: bool = False


DEMO_USERS = [
    DemoUser("admin", "superuser", is_superuser=True),
    DemoUser(
        "kerjasama", "Admin Kerja Sama (Bagian Kerja Sama)", Role.COOPERATION_ADMIN, "Bagian Kerja Sama"
    ),
    DemoUser("pimpinan", "Pimpinan: reads everything, changes nothing", Role.LEADERSHIP),
    DemoUser("staf.disnaker", "Staf OPD, Disnaker", Role.DEPARTMENT_STAFF, "Disnaker"),
    DemoUser("staf.dlhk", "Staf OPD, DLHK", Role.DEPARTMENT_STAFF, "DLHK"),
]


def _departments() -> dict[str, Department]:
    return {
        acronym: Department.objects.get_or_create(
            acronym=acronym,
            defaults={
                "name": name,
                "kind": kind,
                "aliases": "\n".join(aliases),
                # Contact addresses of the demo only, for the reminder digests.
                "email": f"{acronym.lower().replace(' ', '-')}@opd.example.org",
            },
        )[0]
        for acronym, name, kind, aliases in DEPARTMENTS
    }


def _partners() -> dict[str, Partner]:
    return {
        name: Partner.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "country": country,
                "region": region,
                "aliases": "\n".join(aliases),
                "description": profile,
            },
        )[0]
        for name, kind, country, region, aliases, profile in PARTNERS
    }


def _focus_areas() -> tuple[dict[str, Sector], dict[str, FocusArea]]:
    sectors, focus_areas = {}, {}
    for sector_name, area_names in SECTORS.items():
        sectors[sector_name] = Sector.objects.get_or_create(name=sector_name)[0]
        for area_name in area_names:
            focus_areas[area_name] = FocusArea.objects.get_or_create(
                sector=sectors[sector_name], name=area_name
            )[0]
    return sectors, focus_areas


def _cooperations(departments, partners, sectors, focus_areas) -> dict[str, Cooperation]:
    cooperations = {}
    for title, partner, lead, supporting, sector, areas, stage in COOPERATIONS:
        cooperation, created = Cooperation.objects.get_or_create(
            title=title,
            defaults={
                "lead_department": departments[lead],
                "stage": stage,
                "kind": CooperationKind.SISTER_CITY,
            },
        )
        if created:
            cooperation.partners.set([partners[partner]])
            cooperation.supporting_departments.set([departments[acronym] for acronym in supporting])
            cooperation.sectors.set([sectors[sector]])
            cooperation.focus_areas.set([focus_areas[name] for name in areas])
        cooperations[partner] = cooperation
    return cooperations


def _hamamatsu_documents(cooperation: Cooperation) -> None:
    # Signing dates are public; the five-year validity is the usual term and
    # is stated in the title so nobody mistakes it for the signed text.
    documents = [
        (DocumentKind.LOI, "Letter of Intent Bandung – Hamamatsu", datetime.date(2014, 12, 19), None),
        (DocumentKind.MOU, "MoU Bandung – Hamamatsu (berlaku 5 tahun)", datetime.date(2019, 6, 26),
         datetime.date(2024, 6, 25)),
        (DocumentKind.MOU, "Perpanjangan MoU Bandung – Hamamatsu (berlaku 5 tahun)",
         datetime.date(2025, 8, 11), datetime.date(2030, 8, 10)),
    ]  # fmt: skip
    for kind, title, signed_on, valid_until in documents:
        Document.objects.get_or_create(
            cooperation=cooperation,
            title=title,
            defaults={
                "kind": kind,
                "signed_on": signed_on,
                "valid_from": signed_on,
                "valid_until": valid_until,
            },
        )


def _people(departments, partners) -> dict[str, Person]:
    people = [
        ("Yana Mulyana", ["Yana"], "Plt. Wali Kota Bandung", None),
        ("Kenji Kanasugi", ["Kanasugi", "Mr. Kanasugi"], "Duta Besar Jepang untuk Indonesia",
         partners["Kedutaan Besar Jepang untuk Indonesia"]),
        ("Muhammad Farhan", ["Farhan"], "Wali Kota Bandung", None),
        ("Yusuke Nakano", ["Nakano"], "Wali Kota Hamamatsu", partners["Kota Hamamatsu"]),
    ]  # fmt: skip
    return {
        name: Person.objects.get_or_create(
            full_name=name,
            defaults={"aliases": "\n".join(aliases), "current_position": position, "partner": partner},
        )[0]
        for name, aliases, position, partner in people
    }


def _article_meeting(departments, partners, cooperations, people) -> Meeting:
    meeting, created = Meeting.objects.get_or_create(
        title=ARTICLE_MEETING_TITLE,
        starts_at=datetime.datetime(2022, 2, 3, 10, 0, tzinfo=WIB),
        defaults={
            "ends_at": datetime.datetime(2022, 2, 3, 11, 30, tzinfo=WIB),
            "place": "Balaikota Bandung",
            "kind": MeetingKind.AUDIENCE,
            "owner_department": departments["Bagian Kerja Sama"],
            "summary": ARTICLE_SUMMARY,
            "minutes": ARTICLE_MINUTES,
        },
    )
    if created:
        attending = ["Bappelitbang", "Disnaker", "Disbudpar", "DSDABM", "Dishub", "DLHK", "PDAM"]
        meeting.attending_departments.set([departments[acronym] for acronym in attending])
        meeting.partners.set(
            [partners["Kedutaan Besar Jepang untuk Indonesia"], partners["Kadin Indonesia Komite Jepang"]]
        )
        meeting.cooperations.set(cooperations.values())
        Participant.objects.create(
            meeting=meeting,
            person=people["Yana Mulyana"],
            role=ParticipantRole.HOST,
            position_held="Plt. Wali Kota Bandung",
        )
        Participant.objects.create(
            meeting=meeting,
            person=people["Kenji Kanasugi"],
            role=ParticipantRole.GUEST,
            position_held="Duta Besar Jepang untuk Indonesia",
        )
        FollowUp.objects.create(
            meeting=meeting,
            description="Fasilitasi vaksin Covid-19 booster bagi warga Jepang yang tinggal di Kota Bandung",
            owner_department=departments["Bagian Kerja Sama"],
            due_on=datetime.date(2022, 3, 31),
            status=FollowUpStatus.DONE,
            done_on=datetime.date(2022, 3, 25),
        )
        FollowUp.objects.create(
            meeting=meeting,
            description="Data tenaga terampil terlatih bahasa Jepang yang siap ditempatkan di Jepang",
            owner_department=departments["Disnaker"],
            due_on=datetime.date(2022, 4, 30),
            status=FollowUpStatus.IN_PROGRESS,
        )
    return meeting


def _hamamatsu_renewal(departments, partners, cooperations, people) -> None:
    visit, _created = Visit.objects.get_or_create(
        partner=partners["Kota Hamamatsu"],
        starts_on=datetime.date(2025, 8, 11),
        defaults={
            "direction": VisitDirection.INBOUND,
            "leader": people["Yusuke Nakano"],
            "member_count": 8,
            "ends_on": datetime.date(2025, 8, 12),
            "places": "Balai Kota Bandung; Perumda Air Minum Tirtawening",
            "purpose": "Penandatanganan perpanjangan MoU Bandung – Hamamatsu",
            "host_department": departments["Bagian Kerja Sama"],
            "outcome": "MoU diperpanjang: pengembangan SDM dan industri/ekonomi; target awal pelatihan "
            "200 tenaga terampil per tahun (perawat lansia, teknisi); teknologi air bersih bersama PDAM.",
        },
    )
    meeting, created = Meeting.objects.get_or_create(
        title="Penandatanganan perpanjangan MoU Bandung – Hamamatsu",
        starts_at=datetime.datetime(2025, 8, 11, 10, 0, tzinfo=WIB),
        defaults={
            "place": "Balai Kota Bandung",
            "kind": MeetingKind.SIGNING,
            "owner_department": departments["Bagian Kerja Sama"],
            "visit": visit,
            "summary": "Wali Kota Bandung Muhammad Farhan dan Wali Kota Hamamatsu Yusuke Nakano "
            "menandatangani perpanjangan MoU, berfokus pada pengembangan sumber daya manusia serta "
            "industri dan ekonomi.",
        },
    )
    if created:
        meeting.partners.set([partners["Kota Hamamatsu"]])
        meeting.cooperations.set([cooperations["Kota Hamamatsu"]])
        meeting.attending_departments.set([departments["Disnaker"], departments["PDAM"], departments["DLHK"]])
        Participant.objects.create(
            meeting=meeting, person=people["Muhammad Farhan"], role=ParticipantRole.HOST,
            position_held="Wali Kota Bandung",
        )  # fmt: skip
        Participant.objects.create(
            meeting=meeting, person=people["Yusuke Nakano"], role=ParticipantRole.GUEST,
            position_held="Wali Kota Hamamatsu",
        )  # fmt: skip
        FollowUp.objects.create(
            meeting=meeting,
            description="Rencana pelatihan 200 tenaga terampil per tahun untuk bekerja di Hamamatsu",
            owner_department=departments["Disnaker"],
            due_on=datetime.date(2026, 12, 31),
        )
        FollowUp.objects.create(
            meeting=meeting,
            description="Lanjutan program teknologi air bersih bersama Kota Hamamatsu (sejak 2017)",
            owner_department=departments["PDAM"],
            due_on=datetime.date(2026, 6, 30),
        )


def _users(departments: dict[str, Department]) -> None:
    ensure_role_groups()
    User = get_user_model()
    for demo_user in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo_user.username,
            defaults={
                "is_staff": True,
                "is_superuser": demo_user.is_superuser,
                # Reserved domain: the reminder digests have someone to go to,
                # and a real mail server would never deliver them.
                "email": f"{demo_user.username}@example.org",
            },
        )
        if not created:
            continue
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if demo_user.role:
            user.groups.add(Group.objects.get(name=demo_user.role))
        department = departments.get(demo_user.department) if demo_user.department else None
        StaffProfile.objects.create(user=user, department=department)


@transaction.atomic
def load_demo_data() -> None:
    departments = _departments()
    partners = _partners()
    sectors, focus_areas = _focus_areas()
    cooperations = _cooperations(departments, partners, sectors, focus_areas)
    _hamamatsu_documents(cooperations["Kota Hamamatsu"])
    people = _people(departments, partners)
    _article_meeting(departments, partners, cooperations, people)
    _hamamatsu_renewal(departments, partners, cooperations, people)
    _users(departments)
    _hamamatsu_lineage(cooperations["Kota Hamamatsu"], sectors, focus_areas)
    _stage_history(cooperations["Kota Hamamatsu"])
    _action_plans(departments, cooperations)
    _planned_hamamatsu_visit(departments, partners, cooperations, people)
    _work_in_the_coming_weeks(departments, partners, cooperations)


def _work_in_the_coming_weeks(departments, partners, cooperations) -> None:
    """A few records dated from the day the demo is first loaded, so the
    reminders and the upcoming lists have something due. Created once; a
    later load leaves them where they are."""
    today = datetime.date.today()
    meeting, created = Meeting.objects.get_or_create(
        title="Rapat koordinasi rencana aksi Bandung – Kawasaki (daring)",
        defaults={
            "starts_at": datetime.datetime.combine(
                today + datetime.timedelta(days=10), datetime.time(10), WIB
            ),
            "place": "Ruang rapat DLHK (daring)",
            "kind": MeetingKind.COORDINATION,
            "mode": MeetingMode.ONLINE,
            "owner_department": departments["DLHK"],
            "summary": "Penyusunan rencana aksi manajemen limbah dan kualitas udara bersama Kota Kawasaki.",
        },
    )
    if not created:
        return
    meeting.partners.set([partners["Kota Kawasaki"]])
    meeting.cooperations.set([cooperations["Kota Kawasaki"]])
    meeting.attending_departments.set([departments["DLHK"], departments["DSDABM"]])
    article_meeting = Meeting.objects.get(title=ARTICLE_MEETING_TITLE)
    FollowUp.objects.create(
        meeting=article_meeting,
        description="Paparan sistem transportasi berkelanjutan Kota Bandung untuk Kota Toyota",
        owner_department=departments["Dishub"],
        due_on=today + datetime.timedelta(days=5),
    )
    FollowUp.objects.create(
        meeting=article_meeting,
        description="Profil kawasan wisata budaya untuk pertukaran kota kreatif dengan Hamamatsu",
        owner_department=departments["Disbudpar"],
        due_on=today + datetime.timedelta(days=3),
        status=FollowUpStatus.IN_PROGRESS,
    )


# The lifecycle of the Hamamatsu cooperation. Dates and scope follow the
# public facts; plan-of-action achievements are illustrative and say so.

ARCHIVE_NOTE = (
    "Dicatat dari arsip: rencana kerja sama, persetujuan DPRD dan persetujuan pemerintah pusat "
    "tersimpan sebagai arsip kertas di Bagian Kerja Sama dan belum diunggah."
)
DEMO_EVIDENCE = "Data contoh (demo): rekap {department} per {date}"
PLANNED_VISIT_TITLE = "Kunjungan delegasi Kota Hamamatsu: evaluasi pelaksanaan MoU"


def _hamamatsu_lineage(cooperation: Cooperation, sectors, focus_areas) -> None:
    """LoI 2014 → MoU 2019 → renewed MoU 2025, each with the scope it signed."""
    employment = sectors["Ketenagakerjaan"]
    industry = Sector.objects.get_or_create(name="Industri dan Ekonomi")[0]
    human_resources = FocusArea.objects.get_or_create(
        sector=employment, name="Pengembangan sumber daya manusia"
    )[0]
    industry_area = FocusArea.objects.get_or_create(sector=industry, name="Kerja sama industri dan ekonomi")[
        0
    ]
    environment_areas = [focus_areas[name] for name in SECTORS["Lingkungan Hidup"][3:]]
    loi, mou, renewal = (
        cooperation.documents.filter(signed_on=datetime.date(year, month, day)).first()
        for year, month, day in ((2014, 12, 19), (2019, 6, 26), (2025, 8, 11))
    )
    scopes = [
        (loi, None, "", [sectors["Lingkungan Hidup"]], []),
        (mou, loi, DocumentRelation.IMPLEMENTS, [sectors["Lingkungan Hidup"]], environment_areas),
        (renewal, mou, DocumentRelation.RENEWS, [sectors["Lingkungan Hidup"], employment, industry],
         [*environment_areas, human_resources, industry_area]),
    ]  # fmt: skip
    for document, previous, relation, document_sectors, areas in scopes:
        if document is None:
            continue
        if previous is not None and document.previous_id is None:
            document.previous, document.relation = previous, relation
            document.save(update_fields=["previous", "relation"])
        if not document.sectors.exists():
            document.sectors.set(document_sectors)
            document.focus_areas.set(areas)


def _stage_history(cooperation: Cooperation) -> None:
    if cooperation.stage_changes.exists():
        return
    changes = [
        (Stage.EXPLORATION, Stage.LOI, datetime.datetime(2014, 12, 19, 12, 0, tzinfo=WIB), ""),
        (Stage.LOI, Stage.SIGNED, datetime.datetime(2019, 6, 26, 12, 0, tzinfo=WIB), ARCHIVE_NOTE),
        (Stage.SIGNED, Stage.IMPLEMENTATION, datetime.datetime(2025, 8, 12, 9, 0, tzinfo=WIB), ARCHIVE_NOTE),
    ]
    for from_stage, to_stage, changed_at, reason in changes:
        StageChange.objects.create(
            cooperation=cooperation,
            from_stage=from_stage,
            to_stage=to_stage,
            changed_at=changed_at,
            override_reason=reason,
        )


ACTION_PLANS = [
    # (partner, activity, department, indicator, unit, {year: (target, achieved, reported_on)})
    ("Kota Hamamatsu",
     "Pelatihan tenaga terampil (perawat lansia, teknisi) untuk bekerja di Hamamatsu", "Disnaker",
     "Tenaga terampil terlatih", "orang",
     {2026: (200, 64, datetime.date(2026, 10, 31)), 2027: (200, None, None)}),
    ("Kota Hamamatsu",
     "Teknologi air bersih bersama Kota Hamamatsu (lanjutan program sejak 2017)", "PDAM",
     "Personel PDAM terlatih teknologi air bersih", "orang",
     {2026: (10, 12, datetime.date(2026, 9, 30)), 2027: (10, None, None)}),
    ("Kota Toyota", "Pelatihan bahasa Jepang bagi tenaga terampil", "Disnaker",
     "Tenaga terampil terlatih bahasa Jepang", "orang", {2026: (100, 40, datetime.date(2026, 6, 30))}),
    ("Kota Toyota", "Penempatan tenaga terampil di Jepang", "Disnaker",
     "Tenaga kerja ditempatkan", "orang", {2026: (30, 8, datetime.date(2026, 6, 30))}),
]  # fmt: skip


def _action_plans(departments, cooperations) -> None:
    for partner, activity, department, indicator, unit, targets in ACTION_PLANS:
        item, _created = ActionPlanItem.objects.get_or_create(
            cooperation=cooperations[partner],
            activity=activity,
            defaults={"owner_department": departments[department], "indicator": indicator, "unit": unit},
        )
        for year, (target, achieved, reported_on) in targets.items():
            evidence = (
                DEMO_EVIDENCE.format(department=department, date=f"{reported_on:%d/%m/%Y}")
                if reported_on
                else ""
            )
            ActionPlanTarget.objects.get_or_create(
                item=item,
                year=year,
                defaults={
                    "target": target,
                    "achieved": achieved,
                    "reported_on": reported_on,
                    "evidence": evidence,
                },
            )


def _planned_hamamatsu_visit(departments, partners, cooperations, people) -> None:
    # The delegation's visit is on the register as a visit, and its courtesy
    # call as a meeting of that visit: the dashboard lists both.
    visit, _created = Visit.objects.get_or_create(
        partner=partners["Kota Hamamatsu"],
        starts_on=datetime.date(2027, 2, 15),
        defaults={
            "direction": VisitDirection.INBOUND,
            "leader": people["Yusuke Nakano"],
            "member_count": 6,
            "ends_on": datetime.date(2027, 2, 16),
            "places": "Balai Kota Bandung; Perumda Air Minum Tirtawening",
            "purpose": "Evaluasi tahun pertama perpanjangan MoU Bandung – Hamamatsu",
            "host_department": departments["Bagian Kerja Sama"],
        },
    )
    meeting, created = Meeting.objects.get_or_create(
        title=PLANNED_VISIT_TITLE,
        starts_at=datetime.datetime(2027, 2, 15, 10, 0, tzinfo=WIB),
        defaults={
            "ends_at": datetime.datetime(2027, 2, 15, 12, 0, tzinfo=WIB),
            "place": "Balai Kota Bandung",
            "kind": MeetingKind.AUDIENCE,
            "visit": visit,
            "owner_department": departments["Bagian Kerja Sama"],
            "summary": "Rencana: evaluasi tahun pertama perpanjangan MoU (pelatihan tenaga terampil, "
            "teknologi air bersih bersama PDAM).",
        },
    )
    if created:
        meeting.partners.set([partners["Kota Hamamatsu"]])
        meeting.cooperations.set([cooperations["Kota Hamamatsu"]])
        meeting.attending_departments.set([departments["Disnaker"], departments["PDAM"]])
        Participant.objects.create(
            meeting=meeting, person=people["Muhammad Farhan"], role=ParticipantRole.HOST,
            position_held="Wali Kota Bandung",
        )  # fmt: skip
        Participant.objects.create(
            meeting=meeting, person=people["Yusuke Nakano"], role=ParticipantRole.GUEST,
            position_held="Wali Kota Hamamatsu",
        )  # fmt: skip
