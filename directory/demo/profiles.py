"""What generated officers do and speak: positions and ranks by agency and field, languages by country."""

from __future__ import annotations

import random

# The field an officer's work is about, derived from the topics they know.
CYBER, DRUGS, FINANCE, CHILDREN = "cyber", "drugs", "finance", "children"

FIELD_BY_TOPIC = {
    "cybercrime": CYBER,
    "digital-investigations": CYBER,
    "darknet-drug-trafficking": DRUGS,
    "drug-trafficking": DRUGS,
    "money-laundering": FINANCE,
    "cryptocurrency-laundering": FINANCE,
    "money-transfer-systems": FINANCE,
    "electronic-money": FINANCE,
    "online-child-exploitation": CHILDREN,
}

POSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "interior": {
        CYBER: (
            "Senior investigator, cybercrime unit",
            "Head of division, cybercrime unit",
            "Senior operative officer, cybercrime unit",
            "Expert, digital forensics laboratory",
        ),
        DRUGS: (
            "Senior operative officer, counter-narcotics department",
            "Investigator, counter-narcotics department",
            "Head of division, counter-narcotics department",
        ),
        FINANCE: (
            "Senior investigator, economic crimes department",
            "Operative officer, economic crimes department",
        ),
        CHILDREN: (
            "Senior investigator, cybercrime unit",
            "Investigator, juvenile affairs department",
            "Senior operative officer, crimes against minors unit",
        ),
    },
    "prosecutor": {
        CYBER: (
            "Prosecutor, cybercrime supervision division",
            "Senior prosecutor, department for supervision of investigations",
        ),
        DRUGS: ("Prosecutor, department for supervision of drug crime investigations",),
        FINANCE: ("Senior prosecutor, economic crimes department", "Prosecutor, asset recovery division"),
        CHILDREN: ("Prosecutor, department for protection of the rights of minors",),
        "": ("Senior prosecutor, international legal cooperation department",),
    },
    "fiu": {
        "": (
            "Financial analyst, analytics department",
            "Chief specialist, financial investigations department",
            "Head of division, international cooperation department",
            "Senior specialist, virtual assets supervision division",
        ),
    },
    "drug_control": {
        "": (
            "Senior inspector, operations department",
            "Head of division, intelligence analysis department",
            "Inspector, precursor control division",
            "Senior inspector, internet drug trafficking division",
        ),
    },
    "customs": {"": ("Inspector, customs enforcement department", "Senior inspector, risk analysis division")},
    "security": {"": ("Officer, information security department", "Senior officer, cyber security department")},
    "other": {"": ("Specialist", "Senior specialist")},
}

POLICE_RANKS = (
    "Lieutenant of police",
    "Senior lieutenant of police",
    "Captain of police",
    "Major of police",
    "Lieutenant colonel of police",
    "Colonel of police",
)
RANKS: dict[str, tuple[str, ...]] = {
    "interior": POLICE_RANKS,
    "drug_control": ("Lieutenant", "Senior lieutenant", "Captain", "Major", "Lieutenant colonel"),
    "customs": ("Customs lieutenant", "Customs captain", "Customs major"),
    "security": ("Captain", "Major", "Lieutenant colonel"),
    "prosecutor": ("Junior counsellor of justice", "Counsellor of justice", "Senior counsellor of justice"),
}


def field_of(topic_slugs: list[str]) -> str:
    """The field of work the first recognised topic points to, or '' when none does."""
    for slug in topic_slugs:
        if slug in FIELD_BY_TOPIC:
            return FIELD_BY_TOPIC[slug]
    return ""


def position_for(rng: random.Random, agency_kind: str, field: str = "") -> str:
    """A position that fits the agency's kind and, where the agency has such units, the field."""
    by_field = POSITIONS.get(agency_kind, POSITIONS["other"])
    choices = by_field.get(field) or by_field.get("") or next(iter(by_field.values()))
    return rng.choice(choices)


def rank_for(rng: random.Random, agency_kind: str) -> str:
    """A rank for the agency's kind; civilian bodies (financial intelligence) have none."""
    ranks = RANKS.get(agency_kind)
    return rng.choice(ranks) if ranks else ""


# How likely an officer of each country is to speak each language, in the order they are listed on an entry.
LANGUAGE_ODDS: dict[str, tuple[tuple[str, float], ...]] = {
    "KZ": (("ru", 0.97), ("kk", 0.85), ("en", 0.25), ("tr", 0.03)),
    "KG": (("ru", 0.97), ("ky", 0.9), ("en", 0.2), ("uz", 0.08), ("tr", 0.04)),
    "TJ": (("ru", 0.95), ("tg", 0.97), ("en", 0.2), ("uz", 0.1), ("fa", 0.1)),
    "UZ": (("ru", 0.95), ("uz", 0.97), ("en", 0.25), ("tr", 0.03)),
    "RU": (("ru", 1.0), ("en", 0.2), ("de", 0.05)),
    "CN": (("zh", 1.0), ("ru", 0.3), ("en", 0.35)),
    "TM": (("tk", 1.0), ("ru", 0.85), ("en", 0.15), ("tr", 0.1)),
    "AF": (("fa", 0.95), ("ps", 0.6), ("en", 0.3), ("ru", 0.05)),
}


def languages_for(rng: random.Random, country_code: str, *, at_most: int = 3) -> list[str]:
    """The ISO 639 codes of the languages an officer of the country speaks: at least one, at most `at_most`."""
    odds = LANGUAGE_ODDS.get(country_code, (("ru", 1.0), ("en", 0.3)))
    spoken = [code for code, chance in odds if rng.random() < chance]
    return spoken[:at_most] or [odds[0][0]]
