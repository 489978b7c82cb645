"""The notice the demo uploads must give the morning something to show, whatever day it runs."""

from datetime import date, timedelta

import pytest

from bot.demo.cast import HEADS, UNKNOWN_UNIT
from bot.demo.notice import sample_notice, units_file
from bot.parser import parse_notice
from bot.parser.directory import UnitDirectory
from bot.parser.models import Recurrence
from bot.parser.readers import read_document


@pytest.mark.parametrize("today", [date(2026, 11, 21), date(2027, 2, 26), date(2028, 12, 29)])
def test_the_uploaded_docx_assigns_every_head_work_due_after_the_day_it_is_played(today):
    notice = sample_notice(today)
    text = read_document(notice.docx, notice.file_name)
    parsed = parse_notice(text, directory=UnitDirectory.load(units_file()))

    assert parsed.notice.issued_on == today
    assert 6 <= len(parsed.tasks) <= 10
    for head in HEADS:
        assert any(head.unit in (*t.units, *t.coordinators) for t in parsed.tasks), head.unit
    deadlines = [t.deadline for t in parsed.tasks if t.deadline is not None]
    assert deadlines and all(today < d <= today + timedelta(days=30) for d in deadlines)
    assert all(d.weekday() < 5 for d in deadlines)
    assert any(t.recurrence is Recurrence.weekly for t in parsed.tasks)
    assert parsed.unknown_units == [UNKNOWN_UNIT]


def test_the_demo_directory_ships_with_the_package():
    directory = UnitDirectory.load(units_file())
    assert {head.unit for head in HEADS} <= {unit.name for unit in directory.units}
