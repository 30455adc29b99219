"""The partners, people and departments the public releases name that the
demo register lacks, as the cooperation division would have entered them."""

from partnerships.models import Department, DepartmentKind, Partner, PartnerKind
from tests import factories

LG, EMBASSY, AGENCY = PartnerKind.LOCAL_GOVERNMENT, PartnerKind.EMBASSY, PartnerKind.AGENCY
UNIVERSITY, ORGANISATION = PartnerKind.UNIVERSITY, PartnerKind.ORGANISATION

PARTNERS = [
    # (name, kind, country, aliases)
    ("Kota Braunschweig", LG, "DE", ["Braunschweig"]),
    ("Kota Suwon", LG, "KR", ["Suwon", "Pemerintah Kota Suwon"]),
    ("Ajou University", UNIVERSITY, "KR", []),
    ("Kyung Hee University", UNIVERSITY, "KR", []),
    ("Sungkyunkwan University", UNIVERSITY, "KR", []),
    ("Suwon Center for International Cooperation", ORGANISATION, "KR", []),
    ("Kota Gumi", LG, "KR", ["Gumi"]),
    ("Kota Gimcheon", LG, "KR", ["Gimcheon"]),
    ("Kota Hangzhou", LG, "CN", ["Hangzhou"]),
    ("Kota Liuzhou", LG, "CN", ["Liuzhou"]),
    ("Kota Namur", LG, "BE", ["Namur", "Namur City"]),
    ("Majlis Bandaraya Petaling Jaya", LG, "MY", ["Petaling Jaya", "Kota Petaling Jaya"]),
    ("Majlis Bandaraya Shah Alam", LG, "MY", ["Kota Bandaraya Shah Alam", "Shah Alam"]),
    ("Kedutaan Besar Bulgaria untuk Indonesia", EMBASSY, "BG", ["Embassy of Bulgaria in Jakarta"]),
    ("Kedutaan Besar Jerman untuk Indonesia", EMBASSY, "DE", ["Kedubes Jerman", "German Embassy Jakarta"]),
    ("Kedutaan Besar Yunani untuk Indonesia", EMBASSY, "GR", []),
    ("Kedutaan Besar Uni Emirat Arab untuk Indonesia", EMBASSY, "AE", ["Kedubes UEA"]),
    (
        "Kedutaan Besar Inggris untuk Indonesia",
        EMBASSY,
        "GB",
        ["British Embassy Jakarta", "British Embassy in Indonesia"],
    ),
    ("UK Foreign, Commonwealth and Development Office", AGENCY, "GB", ["FCDO"]),
    ("Japan International Cooperation Agency", AGENCY, "JP", ["JICA"]),
    ("Kumamoto University", UNIVERSITY, "JP", ["Universitas Kumamoto"]),
    (
        "Ministry of the Environment, Japan",
        AGENCY,
        "JP",
        ["Kementerian Lingkungan Hidup Jepang", "Ministry of Environment Japan"],
    ),
    ("World Tourism Cities Federation", ORGANISATION, "CN", ["WTCF"]),
    (
        "Lembaga Persahabatan Indonesia Hamamatsu",
        ORGANISATION,
        "JP",
        ["LPIH", "Indonesia Hamamatsu Friendship Institute"],
    ),
]

PEOPLE = [
    # (full name, aliases, partner name or department acronym or None)
    ("Oded M Danial", ["Oded", "Oded M. Danial"], None),
    ("Isa Subagja", [], None),
    ("A. Koswara", ["Koswara"], None),
    ("Ema Sumarna", ["Ema"], None),
    ("Erwin", [], None),
    ("Ridwan Kamil", ["Emil"], None),
    ("M. Solihin", ["Solihin"], None),
    ("Ahmad Heryawan", ["Aher"], None),
    ("Soegeng Rahardjo", [], None),
    ("Dewi Kaniasari", ["Kenny"], "Disbudpar"),
    ("Gungun Saptari Hidayat", ["Gungun"], "PD Kebersihan"),
    ("Dodit Ardian Pancapana", ["Dodit"], "Bagian Kerja Sama"),
    ("Tanya Dimitrova", [], "Kedutaan Besar Bulgaria untuk Indonesia"),
    ("Ina Lepel", [], "Kedutaan Besar Jerman untuk Indonesia"),
    ("Stella Bezirtzoglou", [], "Kedutaan Besar Yunani untuk Indonesia"),
    ("Shaima Salem Alhebsi", [], "Kedutaan Besar Uni Emirat Arab untuk Indonesia"),
    ("Simon Stevens", [], "UK Foreign, Commonwealth and Development Office"),
    ("Kozi Arizono", ["Arizono"], "Kumamoto University"),
    ("Mohd Fauzi Bin Haji Mohd Yatim", [], "Majlis Bandaraya Shah Alam"),
    ("Lee Jeung Hwa", [], "Kota Gumi"),
    ("Cha Dae Gun", [], "Kota Gimcheon"),
    ("Ke Jixin", ["Jixin"], "Kota Hangzhou"),
    ("Maxime Prevot", ["Prevot"], "Kota Namur"),
    ("Tanaka Hiroji", ["Tanaka"], "Lembaga Persahabatan Indonesia Hamamatsu"),
]


def load_public_register() -> None:
    """Adds to the demo register what the public releases need (call after ``load_demo_data``)."""
    factories.make_department(
        name="Perusahaan Daerah Kebersihan", acronym="PD Kebersihan", kind=DepartmentKind.BUMD,
        aliases="PD Kebersihan Kota Bandung",
    )  # fmt: skip
    for name, kind, country, aliases in PARTNERS:
        factories.make_partner(name=name, kind=kind, country=country, aliases="\n".join(aliases))
    for full_name, aliases, organisation in PEOPLE:
        partner = Partner.objects.filter(name=organisation).first() if organisation else None
        department = Department.objects.filter(acronym=organisation).first() if organisation else None
        factories.make_person(
            full_name=full_name, aliases="\n".join(aliases), partner=partner, department=department
        )
