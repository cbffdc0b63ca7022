"""The region's agencies and the programme's partner organisations, loaded through the institution services."""

from __future__ import annotations

from dataclasses import dataclass

from directory.demo.places import city_named
from directory.models import Agency, Organisation
from directory.services.institutions import create_agency, create_organisation


@dataclass(frozen=True)
class AgencyEntry:
    """A real agency of one of the four countries, named in English, Russian and the state language."""

    country_code: str
    kind: str
    name_en: str
    name_ru: str
    name_local: str
    city: str


@dataclass(frozen=True)
class OrganisationEntry:
    """A partner, donor, embassy or UNODC unit, with where it is based."""

    name_en: str
    name_ru: str
    kind: str
    country_code: str | None = None
    website: str = ""
    acronym: str = ""
    # Other names people search it by, separated by semicolons: common usage, the source's spelling, Russian forms.
    other_names: str = ""


AGENCIES = (
    AgencyEntry(
        "KZ",
        "prosecutor",
        "General Prosecutor's Office of the Republic of Kazakhstan",
        "Генеральная прокуратура Республики Казахстан",
        "Қазақстан Республикасының Бас прокуратурасы",
        "Astana",
    ),
    AgencyEntry(
        "KZ",
        "interior",
        "Ministry of Internal Affairs of the Republic of Kazakhstan",
        "Министерство внутренних дел Республики Казахстан",
        "Қазақстан Республикасының Ішкі істер министрлігі",
        "Astana",
    ),
    AgencyEntry(
        "KZ",
        "fiu",
        "Agency of the Republic of Kazakhstan for Financial Monitoring",
        "Агентство Республики Казахстан по финансовому мониторингу",
        "Қазақстан Республикасының Қаржылық мониторинг агенттігі",
        "Astana",
    ),
    AgencyEntry(
        "KG",
        "prosecutor",
        "General Prosecutor's Office of the Kyrgyz Republic",
        "Генеральная прокуратура Кыргызской Республики",
        "Кыргыз Республикасынын Башкы прокуратурасы",
        "Bishkek",
    ),
    AgencyEntry(
        "KG",
        "interior",
        "Ministry of Internal Affairs of the Kyrgyz Republic",
        "Министерство внутренних дел Кыргызской Республики",
        "Кыргыз Республикасынын Ички иштер министрлиги",
        "Bishkek",
    ),
    AgencyEntry(
        "KG",
        "fiu",
        "State Financial Intelligence Service of the Kyrgyz Republic",
        "Государственная служба финансовой разведки Кыргызской Республики",
        "Кыргыз Республикасынын Мамлекеттик каржылык чалгындоо кызматы",
        "Bishkek",
    ),
    AgencyEntry(
        "TJ",
        "prosecutor",
        "General Prosecutor's Office of the Republic of Tajikistan",
        "Генеральная прокуратура Республики Таджикистан",
        "Прокуратураи генералии Ҷумҳурии Тоҷикистон",
        "Dushanbe",
    ),
    AgencyEntry(
        "TJ",
        "interior",
        "Ministry of Internal Affairs of the Republic of Tajikistan",
        "Министерство внутренних дел Республики Таджикистан",
        "Вазорати корҳои дохилии Ҷумҳурии Тоҷикистон",
        "Dushanbe",
    ),
    AgencyEntry(
        "TJ",
        "drug_control",
        "Drug Control Agency under the President of the Republic of Tajikistan",
        "Агентство по контролю за наркотиками при Президенте Республики Таджикистан",
        "Агентии назорати маводи нашъаовари назди Президенти Ҷумҳурии Тоҷикистон",
        "Dushanbe",
    ),
    AgencyEntry(
        "TJ",
        "fiu",
        "Financial Monitoring Department under the National Bank of Tajikistan",
        "Департамент финансового мониторинга при Национальном банке Таджикистана",
        "Раёсати мониторинги молиявии назди Бонки миллии Тоҷикистон",
        "Dushanbe",
    ),
    AgencyEntry(
        "UZ",
        "prosecutor",
        "General Prosecutor's Office of the Republic of Uzbekistan",
        "Генеральная прокуратура Республики Узбекистан",
        "Oʻzbekiston Respublikasi Bosh prokuraturasi",
        "Tashkent",
    ),
    AgencyEntry(
        "UZ",
        "interior",
        "Ministry of Internal Affairs of the Republic of Uzbekistan",
        "Министерство внутренних дел Республики Узбекистан",
        "Oʻzbekiston Respublikasi Ichki ishlar vazirligi",
        "Tashkent",
    ),
    AgencyEntry(
        "UZ",
        "fiu",
        "Department on Combating Economic Crimes under the General Prosecutor's Office of the Republic of Uzbekistan",
        "Департамент по борьбе с экономическими преступлениями при Генеральной прокуратуре Республики Узбекистан",
        "Oʻzbekiston Respublikasi Bosh prokuraturasi huzuridagi Iqtisodiy jinoyatlarga qarshi kurashish departamenti",
        "Tashkent",
    ),
)

UNODC_CENTRAL_ASIA = "UNODC Programme for Central Asia"
UNODC_GLOBAL_PROGRAMME_ML = (
    "UNODC Global Programme against Money-Laundering, Proceeds of Crime and the Financing of Terrorism"
)
UNODC_SUBPROGRAMME_2 = "Sub-programme 2 of the UNODC Regional Programme for Afghanistan and Neighbouring Countries"
SWEDEN = "Government of Sweden"
ITALIAN_EMBASSY = "Embassy of Italy in the Republic of Uzbekistan"
ITALIAN_COUNTER_NARCOTICS = "Italian Central Counter-Narcotics Directorate"
ICMEC = "International Centre for Missing & Exploited Children"
CANADIAN_POLICE_CENTRE = "Canadian Police Centre for Missing and Exploited Children"
AUSTRALIAN_POLICE = "Australian Police"
US_JUSTICE = "United States Department of Justice"
FBI = "Federal Bureau of Investigation"

ORGANISATIONS = (
    OrganisationEntry(
        UNODC_CENTRAL_ASIA,
        "Программа УНП ООН для Центральной Азии",
        "un_unit",
        website="https://www.unodc.org/centralasia/",
        acronym="UNODC",
        other_names=(
            "UNODC ROCA; UNODC Regional Office for Central Asia; УНП ООН; Управление ООН по наркотикам и преступности"
        ),
    ),
    OrganisationEntry(
        UNODC_GLOBAL_PROGRAMME_ML,
        "Глобальная программа УНП ООН по борьбе с отмыванием денег, доходами от преступлений "
        "и финансированием терроризма",
        "un_unit",
        acronym="GPML",
        other_names="Global Programme against Money Laundering",
    ),
    OrganisationEntry(
        UNODC_SUBPROGRAMME_2,
        "Подпрограмма 2 Региональной программы УНП ООН для Афганистана и соседних стран",
        "un_unit",
    ),
    OrganisationEntry(
        SWEDEN, "Правительство Швеции", "government", "SE", "https://www.government.se/", other_names="Sweden; Швеция"
    ),
    OrganisationEntry(
        ITALIAN_EMBASSY,
        "Посольство Италии в Республике Узбекистан",
        "embassy",
        "IT",
        other_names="Embassy of Italy; Italian Embassy in Tashkent; Посольство Италии",
    ),
    OrganisationEntry(
        ITALIAN_COUNTER_NARCOTICS,
        "Центральная дирекция по борьбе с наркотиками Италии",
        "law_enforcement",
        "IT",
        acronym="DCSA",
        other_names="Direzione Centrale per i Servizi Antidroga",
    ),
    OrganisationEntry(
        ICMEC,
        "Международный центр по делам пропавших и эксплуатируемых детей",
        "ngo",
        "US",
        "https://www.icmec.org/",
        acronym="ICMEC",
    ),
    OrganisationEntry(
        CANADIAN_POLICE_CENTRE,
        "Канадский полицейский центр по делам пропавших и эксплуатируемых детей",
        "law_enforcement",
        "CA",
        acronym="CPCMEC",
    ),
    OrganisationEntry(
        AUSTRALIAN_POLICE,
        "Полиция Австралии",
        "law_enforcement",
        "AU",
        acronym="AFP",
        other_names="Australian Federal Police; Федеральная полиция Австралии",
    ),
    OrganisationEntry(
        US_JUSTICE,
        "Министерство юстиции США",
        "law_enforcement",
        "US",
        "https://www.justice.gov/",
        acronym="DOJ",
        other_names="US Department of Justice; United States Ministry of Justice; Минюст США",
    ),
    OrganisationEntry(
        FBI,
        "Федеральное бюро расследований",
        "law_enforcement",
        "US",
        "https://www.fbi.gov/",
        acronym="FBI",
        other_names="Federal Bureau of Investigations; ФБР",
    ),
)


def load_agencies() -> int:
    """Make sure every agency exists; return how many were added."""
    existing = set(Agency.objects.values_list("country__code", "name_en"))
    added = [entry for entry in AGENCIES if (entry.country_code, entry.name_en) not in existing]
    for entry in added:
        create_agency(
            country_code=entry.country_code,
            kind=entry.kind,
            name_en=entry.name_en,
            name_ru=entry.name_ru,
            name_local=entry.name_local,
            city=city_named(entry.country_code, entry.city),
        )
    return len(added)


def load_organisations() -> int:
    """Make sure every organisation exists; return how many were added."""
    existing = set(Organisation.objects.values_list("name_en", flat=True))
    added = [entry for entry in ORGANISATIONS if entry.name_en not in existing]
    for entry in added:
        create_organisation(
            name_en=entry.name_en,
            name_ru=entry.name_ru,
            kind=entry.kind,
            country_code=entry.country_code,
            website=entry.website,
            acronym=entry.acronym,
            other_names=entry.other_names,
        )
    return len(added)


def organisations_by_name() -> dict[str, Organisation]:
    """Every organisation, by English name."""
    return {organisation.name_en: organisation for organisation in Organisation.objects.all()}


def demo_agencies() -> list[Agency]:
    """The agencies listed above, in their listed order."""
    found = {(agency.country.code, agency.name_en): agency for agency in Agency.objects.select_related("country")}
    return [found[(entry.country_code, entry.name_en)] for entry in AGENCIES]
