"""The duplicate finder: one person entered twice is found across scripts and spellings, with its evidence."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from directory.demo import DEMO_ADMIN, DEMO_STAFF, DEMO_STEWARD, DemoSummary
from directory.duplicates import likely_duplicates
from directory.models import Agency, DuplicateDismissal, Officer, User
from directory.services.duplicates import dismiss_duplicate
from directory.services.officers import add_contact_channel, create_officer

pytestmark = pytest.mark.django_db


def _names(pairs: list) -> set[tuple[str, str]]:
    return {(pair.first.name_latin, pair.second.name_latin) for pair in pairs}


def _pair_of(pairs: list, first: Officer, second: Officer):
    wanted = {first.pk, second.pk}
    return next((pair for pair in pairs if {pair.first.pk, pair.second.pk} == wanted), None)


def test_the_demos_twins_are_found_surest_first(demo: DemoSummary) -> None:
    pairs = likely_duplicates(User.objects.get(username=DEMO_ADMIN))
    assert ("Nurbek Turdubaev", "Nurbek Turdubaev") in _names(pairs)
    assert ("Sherzod Usmonov", "Sherzod Usmonov") in _names(pairs)
    usmonov = next(pair for pair in pairs if pair.first.name_latin == "Sherzod Usmonov")
    turdubaev = next(pair for pair in pairs if pair.first.name_latin == "Nurbek Turdubaev")
    assert usmonov.name_score == turdubaev.name_score == 100
    assert [evidence.code for evidence in usmonov.evidence] == ["same_agency"], "both at the Prosecutor's Office"
    assert usmonov.confidence > turdubaev.confidence, "the same agency makes it surer"
    assert [pair.confidence for pair in pairs] == sorted((pair.confidence for pair in pairs), reverse=True)
    assert all(pair.first.agency.country_id == pair.second.agency.country_id for pair in pairs)


def test_a_steward_sees_only_their_own_countrys_pairs(demo: DemoSummary) -> None:
    steward = User.objects.get(username=DEMO_STEWARD)
    pairs = likely_duplicates(steward, country_id=steward.country_id)
    assert _names(pairs) >= {("Nurbek Turdubaev", "Nurbek Turdubaev")}
    assert {pair.first.agency.country.code for pair in pairs} == {"KG"}


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("Турдубаев Мирлан", "TURDUBAEV Mirlan"),  # surname first, capitals
        ("Мирлан Турдубаев", "Mirlan Turdubayev"),  # another transliteration
        ("Турдубаев М.", "Turdubaev M."),  # an initial
        ("Мырлан Турдубаев", "Myrlan Turdubaev"),  # a typo
    ],
)
def test_one_person_written_another_way_is_found(demo: DemoSummary, native: str, latin: str) -> None:
    original = Officer.objects.get(name_latin="Mirlan Turdubaev")
    twin = create_officer(name_native=native, name_latin=latin, agency=original.agency)
    pair = _pair_of(likely_duplicates(User.objects.get(username=DEMO_ADMIN)), original, twin)
    assert pair is not None, latin
    assert pair.confidence >= 70


def test_the_same_e_mail_is_evidence_even_when_the_names_differ(demo: DemoSummary) -> None:
    original = Officer.objects.get(name_latin="Mirlan Turdubaev")
    e_mail = original.contacts.get(kind="email")
    # A woman's entry under a changed surname, with the same address: the names alone would not pair them.
    other_agency = Agency.objects.filter(country=original.agency.country).exclude(pk=original.agency_id).first()
    renamed = create_officer(name_native="Мирлан Асанов", name_latin="Mirlan Asanov", agency=other_agency)
    add_contact_channel(renamed, kind="email", value=e_mail.value.upper(), visibility=e_mail.visibility)
    pair = _pair_of(likely_duplicates(User.objects.get(username=DEMO_ADMIN)), original, renamed)
    assert pair is not None
    assert "same_email" in [evidence.code for evidence in pair.evidence]


def test_evidence_comes_only_from_contacts_the_viewer_may_see(demo: DemoSummary) -> None:
    original = Officer.objects.get(name_latin="Mirlan Turdubaev")
    renamed = create_officer(name_native="Мирлан Асанов", name_latin="Mirlan Asanov", agency=original.agency)
    for officer in (original, renamed):
        add_contact_channel(officer, kind="hotline_24_7", value="+996 000 111 22 33", visibility="stewards")
        add_contact_channel(officer, kind="mobile", value="+996 700 123 456", visibility="stewards")
    admin_pair = _pair_of(likely_duplicates(User.objects.get(username=DEMO_ADMIN)), original, renamed)
    staff_pair = _pair_of(likely_duplicates(User.objects.get(username=DEMO_STAFF)), original, renamed)
    assert admin_pair is not None and "same_phone" in [evidence.code for evidence in admin_pair.evidence]
    assert staff_pair is None or "same_phone" not in [evidence.code for evidence in staff_pair.evidence]


def test_a_dismissed_pair_is_no_longer_listed(demo: DemoSummary) -> None:
    admin = User.objects.get(username=DEMO_ADMIN)
    first, second = Officer.objects.filter(name_latin="Sherzod Usmonov").order_by("-id")
    dismissal = dismiss_duplicate(first, second, by=admin)
    assert (dismissal.officer_a_id, dismissal.officer_b_id) == (second.pk, first.pk), "stored once, smaller id first"
    assert dismiss_duplicate(second, first, by=admin) == dismissal
    assert ("Sherzod Usmonov", "Sherzod Usmonov") not in _names(likely_duplicates(admin))
    assert ("Nurbek Turdubaev", "Nurbek Turdubaev") in _names(likely_duplicates(admin))


def test_a_dismissal_names_the_field_and_the_fix_and_writes_nothing(demo: DemoSummary) -> None:
    admin = User.objects.get(username=DEMO_ADMIN)
    kyrgyz = Officer.objects.filter(agency__country__code="KG").first()
    kazakh = Officer.objects.filter(agency__country__code="KZ").first()
    with pytest.raises(ValidationError) as itself:
        dismiss_duplicate(kyrgyz, kyrgyz, by=admin)
    assert itself.value.error_dict["second"][0].code == "self_merge"
    with pytest.raises(ValidationError) as across:
        dismiss_duplicate(kyrgyz, kazakh, by=admin)
    assert across.value.error_dict["second"][0].code == "other_country"
    assert "choose an entry of the same country" in across.value.messages[0]
    assert not DuplicateDismissal.objects.exists()


def test_a_merged_entry_takes_its_dismissals_with_it(demo: DemoSummary) -> None:
    from directory.services.officers import merge_officers

    admin = User.objects.get(username=DEMO_ADMIN)
    first, second = Officer.objects.filter(name_latin="Sherzod Usmonov")
    dismiss_duplicate(first, second, by=admin)
    merge_officers(first, second)
    assert not DuplicateDismissal.objects.exists()
