"""Personal names compared across scripts and spellings: "Токаев Бауыржан", "TOKAEV Bauyrzhan" and "Tokayev B."."""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import fuzz

# Letters of Kazakh, Kyrgyz, Tajik and Uzbek Cyrillic folded onto their nearest Russian letter, so that one
# person typed in either alphabet gives one key; the hard and soft signs carry no sound of their own.
_CYRILLIC_FOLD = str.maketrans(
    {
        "қ": "к", "ғ": "г", "ў": "у", "ҳ": "х", "ё": "е", "ӯ": "у", "ә": "а", "ө": "о", "ү": "у", "ұ": "у",
        "і": "и", "һ": "х", "ң": "н", "ӣ": "и", "ҷ": "ж", "й": "и", "ы": "и", "э": "е", "ъ": "", "ь": "",
    }
)  # fmt: skip

# Latin spellings of one sound, folded to one letter (order matters: longer patterns first).
_LATIN_FOLD = (
    ("o'", "o"), ("o‘", "o"), ("g'", "g"), ("g‘", "g"), ("'", ""), ("‘", ""), ("’", ""), ("`", ""),
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("x", "h"), ("q", "k"), ("w", "v"),
    ("yo", "e"), ("ye", "e"), ("yu", "u"), ("ya", "a"), ("iu", "u"), ("ia", "a"), ("ou", "u"),
)  # fmt: skip
_VOWELS = "aeiou"
_Y_BETWEEN_VOWELS = re.compile(rf"(?<=[{_VOWELS}])[yi](?=[{_VOWELS}])")
_DOUBLED = re.compile(r"(.)\1+")
_TOKEN_SPLIT = re.compile(r"[\s,;/()\-]+")
_PATRONYMIC_ENDINGS = ("ovich", "evich", "ovna", "evna", "ichna", "inichna")
# A typed initial stands for the first letter of the word as typed, which folding may change: "K." for Kholov
# (folded "holov"), "Z." for Zheenbekov ("jeenbekov"), "Y." (folded "i") for Yessenov ("esenov") or Yusupov.
_INITIAL_STANDS_FOR = {"k": "kh", "z": "zj", "d": "dj", "i": "ieua"}
_PATRONYMIC_WORDS = {"uli", "ulu", "uuli", "uulu", "kizi", "kiz", "ugli", "ogli", "ogl"}


@dataclass(frozen=True)
class NameParts:
    """A name cut into folded words: full words, initials, and the patronymic if one was recognised."""

    words: tuple[str, ...]
    initials: tuple[str, ...]
    patronymic: str = ""

    @property
    def key(self) -> str:
        """The words in alphabetical order: equal for one person whatever the script and the name order."""
        return " ".join(sorted(self.words))


def fold_word(word: str) -> str:
    """One word in a folded Latin form that spelling variants and both alphabets share."""
    latin = anyascii(word.lower().translate(_CYRILLIC_FOLD)).lower()
    for pattern, replacement in _LATIN_FOLD:
        latin = latin.replace(pattern, replacement)
    latin = _Y_BETWEEN_VOWELS.sub("", latin).replace("y", "i")
    latin = re.sub(r"[^a-z]", "", latin)
    return _DOUBLED.sub(r"\1", latin)


def name_parts(name: str) -> NameParts:
    """Split a full name into folded words, initials and patronymic, in any script or order."""
    raw = [piece for piece in _TOKEN_SPLIT.split(name.strip()) if piece]
    words: list[str] = []
    initials: list[str] = []
    patronymic = ""
    for piece in raw:
        stripped = piece.rstrip(".")
        folded = fold_word(stripped)
        if not folded:
            continue
        if (piece.endswith(".") and len(stripped) <= 2) or len(folded) == 1:
            initials.extend(letter for letter in folded[:1])
        elif folded in _PATRONYMIC_WORDS:
            patronymic = (words.pop() + " " + folded) if words else folded
        elif folded.endswith(_PATRONYMIC_ENDINGS) and len(words) >= 2:
            patronymic = folded
        else:
            words.append(folded)
    return NameParts(tuple(words), tuple(initials), patronymic)


def initial_letters(initial: str) -> str:
    """The folded first letters a typed initial may stand for."""
    return _INITIAL_STANDS_FOR.get(initial, initial)


def blocking_keys(name: str) -> set[str]:
    """Keys under which a name is indexed: each folded word and its first four letters (typos past them)."""
    keys: set[str] = set()
    for word in name_parts(name).words:
        keys.add(word)
        keys.add(word[:4])
    return keys


def name_similarity(first: str, second: str) -> float:
    """How alike two names are, 0 to 100, whatever the script, order, initials or a typo."""
    return parts_similarity(name_parts(first), name_parts(second))


def parts_similarity(a: NameParts, b: NameParts) -> float:
    """How alike two names already cut into parts are, 0 to 100 (name_similarity without cutting them again)."""
    if not a.words or not b.words:
        return 0.0
    if a.initials or b.initials or len(a.words) != len(b.words):
        return _similarity_with_initials(a, b)
    return float(fuzz.token_sort_ratio(a.key, b.key))


def _similarity_with_initials(a: NameParts, b: NameParts) -> float:
    """Compare the shorter name's full words with the best-matching words of the other, then its initials."""
    short, long = (a, b) if len(a.words) <= len(b.words) else (b, a)
    unused = list(long.words)
    scores: list[float] = []
    for word in short.words:
        best = max(unused, key=lambda candidate: fuzz.ratio(word, candidate))
        scores.append(fuzz.ratio(word, best))
        unused.remove(best)
    for initial in short.initials:
        if not any(word[:1] in initial_letters(initial) for word in unused):
            return min(scores) * 0.5  # an initial that fits no remaining word: probably someone else
    # A surname alone with matching initials is good evidence, but less than a full name.
    return sum(scores) / len(scores) * (0.9 if short.initials else 0.8)
