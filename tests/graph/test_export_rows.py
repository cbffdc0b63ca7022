"""The offline export's node rows, read straight from the cursor, say what the projector writes for each record."""

from __future__ import annotations

import datetime

import pytest

from directory.generator import generate_directory
from directory.models import Officer, Topic, User
from directory.services import events, institutions, officers
from graph import snapshots

pytestmark = pytest.mark.django_db

ON_THE_SECOND = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize("aggregate", list(snapshots.SOURCES))
def test_each_exported_node_row_holds_the_properties_the_projector_gives_the_record(aggregate: str) -> None:
    # given a generated directory: one officer verified now, one confirmed on the second, one with an empty position,
    generate_directory(officers=60, seed=23)
    first, second, third = Officer.objects.order_by("id")[:3]
    officers.verify_officer(first, by=User.objects.create(username="steward-of-the-test", role=User.Role.STEWARD))
    officers.update_officer(second, last_confirmed_at=ON_THE_SECOND)
    officers.update_officer(third, position="", rank="Major")
    # and a programme begun on a day, and coverage of the first officer's country, one entry of it excluded
    partner = institutions.create_organisation(name_en="Partner of the test", kind="law_enforcement")
    events.create_programme(name="Programme of the test", started_on=datetime.date(2017, 5, 2), implementer=partner)
    topic, other_topic = Topic.objects.order_by("id")[:2]
    country = first.agency.country.code
    events.record_coverage(organisation=partner, country_code=country, topic=topic, note="Since 2017")
    events.record_coverage(organisation=partner, country_code=country, topic=other_topic, excluded=True)
    # when the export reads every node of the aggregate
    names = snapshots.node_prop_names(aggregate)
    batches = snapshots.all_node_columns(aggregate, batch_size=7)
    exported = [row for columns in batches for row in zip(*columns, strict=True)]
    # then each row has the record's key, uuid, version and a cell for each property, empty where the record has none
    model = snapshots.SOURCES[aggregate].model
    ids = list(model._default_manager.order_by("id").values_list("id", flat=True))
    assert ids, "the generated directory holds records of every aggregate"
    assert [row[0] for row in exported] == ids
    projected = {row["uuid"]: row for row in snapshots.rows_for_ids(aggregate, ids)}
    assert sorted(row[1] for row in exported) == sorted(projected)
    for row in exported:
        expected = projected[row[1]]
        assert row[2] == expected["version"]
        cells = dict(zip(names, row[3:], strict=True))
        assert {name: value for name, value in cells.items() if value is not None} == {
            name: value for name, value in expected["props"].items() if value is not None
        }
    # and moments are written as the projector writes them, to the microsecond or the second, with their zone
    if aggregate == snapshots.Aggregate.OFFICER:
        by_id = {row[0]: dict(zip(names, row[3:], strict=True)) for row in exported}
        assert by_id[first.pk]["verified_at"] == first.verified_at.isoformat()
        assert "." in by_id[first.pk]["verified_at"] and by_id[first.pk]["verified_at"].endswith("+00:00")
        assert by_id[second.pk]["last_confirmed_at"] == "2026-03-01T09:30:00+00:00"
        assert by_id[third.pk]["position"] is None and by_id[third.pk]["rank"] == "Major"
