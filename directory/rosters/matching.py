"""Indexes that find, for a roster row, the officers, agencies, countries, events and languages it may mean."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from uuid import UUID

from rapidfuzz import fuzz, process

from directory.models import Agency, ContactChannel, Country, Event, Language, Officer
from directory.rosters.names import NameParts, fold_word, initial_letters, name_parts, parts_similarity
from directory.rosters.values import phone_key

# Two names this alike (0 to 100, after folding scripts, order and initials) may be one person.
NAME_THRESHOLD = 85.0
# An agency, country or event name this alike to the directory's (folded words, any order) is that record.
PLACE_THRESHOLD = 88.0
# Words that say what kind of body or state something is, not which one: left out when comparing names.
_TITLE_WORDS = re.compile(r"\d+|[^\W\d_]+(?:['’ʼ‘`][^\W\d_]+)*")
_GENERIC_WORDS = {"respublika", "respublik", "republic", "of", "the", "g", "gorod", "city"}


@lru_cache(maxsize=200_000)
def cached_parts(name: str) -> NameParts:
    """name_parts, remembered: a roster and a directory repeat the same names many times."""
    return name_parts(name)


def name_keys(parts: NameParts) -> set[str]:
    """Index keys of a name: each word's first four letters with the first letter of another word or initial.

    A pair, not a word alone, so a common surname does not bring back every officer who bears it; a typo past
    the fourth letter, another order, an initial for a given name or a missing patronymic still meet.
    """
    letters = [word[:1] for word in parts.words] + [
        letter for initial in parts.initials for letter in initial_letters(initial)
    ]
    keys: set[str] = set()
    for index, word in enumerate(parts.words):
        others = letters[:index] + letters[index + 1 :]
        keys.update(f"{word[:4]}|{letter}" for letter in others)
        if not others:
            keys.add(f"{word[:4]}|")
    return keys


@dataclass(frozen=True, slots=True)
class OfficerEntry:
    """What a match shows about an officer of the directory."""

    id: int
    uuid: UUID | None
    name: str
    agency_id: int
    country_id: int


class OfficerIndex:
    """Officers by name keys, e-mail and phone: a row is compared only with the officers its keys lead to."""

    def __init__(self, officers: Iterable[tuple[int, UUID | None, str, str, int, int]]) -> None:
        self.officers: dict[int, OfficerEntry] = {}
        self._officers_by_form: dict[NameParts, list[int]] = defaultdict(list)
        self._forms_by_key: dict[str, set[NameParts]] = defaultdict(set)
        self.emails: dict[str, set[int]] = defaultdict(set)
        self.phones: dict[str, set[int]] = defaultdict(set)
        # How many name comparisons were made: the tests hold it far below rows × officers.
        self.comparisons = 0
        # Names are cut into parts once per distinct spelling: many officers share a name.
        officers_by_name: dict[str, list[int]] = defaultdict(list)
        for pk, uuid, name_native, name_latin, agency_id, country_id in officers:
            self.officers[pk] = OfficerEntry(pk, uuid, name_latin or name_native, agency_id, country_id)
            officers_by_name[name_native].append(pk)
            if name_latin != name_native:
                officers_by_name[name_latin].append(pk)
        for name, ids in officers_by_name.items():
            self.add_name(ids, name)

    @classmethod
    def from_directory(cls, agency_country: dict[int, int]) -> OfficerIndex:
        """The index of every officer in the directory, with their e-mail addresses and phone numbers."""
        index = cls(
            (pk, None, name_native, name_latin, agency_id, agency_country.get(agency_id, 0))
            for pk, name_native, name_latin, agency_id in Officer.objects.values_list(
                "pk", "name_native", "name_latin", "agency_id"
            ).iterator(chunk_size=5000)
        )
        for officer_id, kind, value in ContactChannel.objects.values_list("officer_id", "kind", "value").iterator(
            chunk_size=5000
        ):
            index.add_contact(officer_id, kind, value)
        return index

    def fill_uuids(self, officer_ids: Iterable[int]) -> None:
        """Load the uuids of the officers a preview shows (the index itself does without them)."""
        wanted = [pk for pk in set(officer_ids) if self.officers[pk].uuid is None]
        for start in range(0, len(wanted), 900):
            for pk, uuid in Officer.objects.filter(pk__in=wanted[start : start + 900]).values_list("pk", "uuid"):
                self.officers[pk] = replace(self.officers[pk], uuid=uuid)

    def add_name(self, officer_ids: list[int], name: str) -> None:
        """Index one more name, borne by these officers."""
        parts = name_parts(name)
        if not parts.words:
            return
        officers = self._officers_by_form[parts]
        known = set(officers)
        officers.extend(pk for pk in officer_ids if pk not in known)
        for key in name_keys(parts):
            self._forms_by_key[key].add(parts)

    def add_contact(self, officer_id: int, kind: str, value: str) -> None:
        """Index an officer's e-mail address or phone number."""
        if kind == ContactChannel.Kind.EMAIL:
            self.emails[value.strip().lower()].add(officer_id)
        elif kind in (ContactChannel.Kind.PHONE, ContactChannel.Kind.MOBILE, ContactChannel.Kind.HOTLINE):
            key = phone_key(value)
            if len(key) >= 6:
                self.phones[key].add(officer_id)

    def by_name(self, name: str) -> dict[int, float]:
        """Officer id → name similarity, for the officers whose names are alike enough (one comparison per form)."""
        parts = cached_parts(name)
        found: dict[int, float] = {}
        forms = set().union(*(self._forms_by_key.get(key, ()) for key in name_keys(parts))) if parts.words else set()
        for form in forms:
            self.comparisons += 1
            score = parts_similarity(parts, form)
            if score >= NAME_THRESHOLD:
                for officer_id in self._officers_by_form[form]:
                    found[officer_id] = max(score, found.get(officer_id, 0.0))
        return found

    def by_contact(self, email: str, phone: str) -> tuple[set[int], set[int]]:
        """Officers with this e-mail address, and officers with this phone number."""
        return (
            set(self.emails.get(email, ())) if email else set(),
            set(self.phones.get(phone_key(phone), ())) if phone else set(),
        )


def fold_title(text: str) -> str:
    """A name of a body, place or event as compared: its words folded across scripts, generic words left out."""
    words = []
    for word in _TITLE_WORDS.findall(text):
        # Numbers tell units apart ("Customs Post No. 4" and "No. 14"): kept as they are, not folded away.
        folded = word if word.isdigit() else fold_word(word)
        if folded and folded not in _GENERIC_WORDS:
            words.append(folded)
    return " ".join(words)


class TitleIndex:
    """Records by their names in any language: an exact folded name first, then the most alike above a threshold."""

    def __init__(self, named: Iterable[tuple[int, Iterable[str]]]) -> None:
        self.exact: dict[str, set[int]] = defaultdict(set)
        self.choices: list[tuple[str, int]] = []
        for pk, names in named:
            for name in names:
                folded = fold_title(name or "")
                if folded:
                    self.exact[folded].add(pk)
                    self.choices.append((folded, pk))
        self._cache: dict[str, set[int]] = {}

    def find(self, text: str) -> set[int]:
        """The ids of the records this name means: one when clear, several when it fits more than one, else none."""
        folded = fold_title(text)
        if folded in self._cache:
            return self._cache[folded]
        found = set(self.exact.get(folded, ()))
        if not found and folded:
            # A name written shorter ("Ministry of Internal Affairs" for "… of the Kyrgyz Republic") fits as a
            # subset of words; among several that fit, the closest in full wins, and a tie is left to the user.
            matches = process.extract(
                folded,
                [choice for choice, _ in self.choices],
                # One word alone ("Ministry") is no name: it must be alike in full.
                scorer=fuzz.token_set_ratio if " " in folded else fuzz.token_sort_ratio,
                score_cutoff=PLACE_THRESHOLD,
                limit=20,
            )
            ranked = [(score, fuzz.token_sort_ratio(folded, choice), index) for choice, score, index in matches]
            best = max(((score, full) for score, full, _ in ranked), default=None)
            found = {self.choices[index][1] for score, full, index in ranked if (score, full) == best}
        self._cache[folded] = found
        return found


@dataclass
class DirectoryIndexes:
    """Everything a preview looks rows up in, built once per preview."""

    officers: OfficerIndex
    countries: TitleIndex
    country_codes: dict[str, int]
    agencies_by_country: dict[int, TitleIndex]
    agency_country: dict[int, int]
    agency_names: dict[int, str]
    country_names: dict[int, str]
    events: TitleIndex
    event_uuids: dict[str, int]
    event_names: dict[int, str]
    languages: dict[str, str]

    @classmethod
    def build(cls) -> DirectoryIndexes:
        """Read the directory's officers, countries, agencies, events and languages into indexes."""
        countries = list(Country.objects.values_list("pk", "code", "name_en", "name_ru", "name_local"))
        agencies = list(Agency.objects.values_list("pk", "country_id", "name_en", "name_ru", "name_local"))
        grouped: dict[int, list[tuple[int, list[str]]]] = defaultdict(list)
        for pk, country_id, *names in agencies:
            grouped[country_id].append((pk, names))
        events = list(Event.objects.values_list("pk", "title", "short_title", "uuid"))
        languages: dict[str, str] = {}
        for code, name_en, name_ru in Language.objects.values_list("code", "name_en", "name_ru"):
            for name in (code, name_en, name_ru):
                if name:
                    languages[name.lower()] = code
                    languages[fold_word(name)] = code
        return cls(
            officers=OfficerIndex.from_directory({pk: country_id for pk, country_id, *_ in agencies}),
            countries=TitleIndex((pk, names) for pk, _code, *names in countries),
            country_codes={code: pk for pk, code, *_ in countries},
            agencies_by_country={country: TitleIndex(named) for country, named in grouped.items()},
            agency_country={pk: country_id for pk, country_id, *_ in agencies},
            agency_names={pk: names[0] for pk, _country, *names in agencies},
            country_names={pk: code for pk, code, *_ in countries},
            events=TitleIndex((pk, (title, short)) for pk, title, short, _uuid in events),
            event_uuids={str(uuid): pk for pk, _title, _short, uuid in events},
            event_names={pk: short or title for pk, title, short, _ in events},
            languages=languages,
        )

    def find_country(self, text: str) -> set[int]:
        """Countries by ISO code or by name in any language."""
        code = self.country_codes.get(text.strip().upper())
        return {code} if code is not None else self.countries.find(text)

    def find_event(self, text: str) -> set[int]:
        """Events by uuid, or by title or short title in any language."""
        pk = self.event_uuids.get(text.strip().lower())
        return {pk} if pk is not None else self.events.find(text)

    def find_agency(self, text: str, country_id: int | None) -> set[int]:
        """Agencies by name in any language, within a country when it is known."""
        if country_id is not None:
            index = self.agencies_by_country.get(country_id)
            return index.find(text) if index else set()
        return set().union(*(index.find(text) for index in self.agencies_by_country.values()))
