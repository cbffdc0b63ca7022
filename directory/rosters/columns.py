"""The columns of a roster: what the import reads and what the attendance export writes, in the same order."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RosterColumn:
    """One column: its key, its English and Russian headers, and other headers people type for it."""

    key: str
    header_en: str
    header_ru: str
    aliases: tuple[str, ...] = ()

    def headers(self) -> tuple[str, ...]:
        """Every header this column is recognised by, as typed."""
        return (self.key, self.header_en, self.header_ru, *self.aliases)


# The order is the export's order; an import accepts them in any order.
ROSTER_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("number", "No.", "№", ("#", "n", "no", "number", "номер", "№ п/п", "п/п")),
    RosterColumn("full_name", "Full name", "ФИО", ("name", "full name", "фамилия, имя", "ф.и.о.", "имя")),
    RosterColumn("position", "Position", "Должность", ("post", "title", "job title")),
    RosterColumn("rank", "Rank", "Звание", ("special rank", "специальное звание")),
    RosterColumn("agency", "Agency", "Ведомство", ("organisation", "organization", "организация", "орган")),
    RosterColumn("country", "Country", "Страна", ("state", "государство")),
    RosterColumn("email", "E-mail", "Эл. почта", ("email", "e-mail address", "электронная почта", "e-mail")),
    RosterColumn("phone", "Phone", "Телефон", ("telephone", "tel.", "mobile", "тел.", "мобильный")),
    RosterColumn("languages", "Languages", "Языки", ("language", "язык", "знание языков")),
    RosterColumn("event", "Event", "Мероприятие", ("workshop", "training", "семинар", "тренинг")),
    RosterColumn("role", "Role", "Роль", ("participant/trainer", "в качестве")),
    RosterColumn("rating", "Rating", "Оценка", ("evaluation", "overall rating", "общая оценка")),
    RosterColumn(
        "wants_more",
        "Wants more workshops",
        "Хочет ещё семинаров",
        ("more workshops", "wants more", "нужны ещё семинары", "хотели бы ещё"),
    ),
)

COLUMNS_BY_KEY = {column.key: column for column in ROSTER_COLUMNS}
