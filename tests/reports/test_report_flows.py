"""What the chairman and the office see, over the wire: the demo notice's counts and rate, a head's
report with its photo, the workbook and chart of /baocao."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest

from bot.services.calendar import WorkCalendar
from bot.services.monthly_report import run_monthly_report, send_day
from bot.services.reminders import work_calendar
from bot.services.report import file_stem, unit_counts_of
from bot.services.report_period import current
from bot.services.report_scope import ReportScope
from storage.repositories import FIRST_TENANT
from storage.repositories.reports import ReportWindow
from tests.bot.replies_world import VN_TZ, deliver
from tests.reports import world as w


@pytest.fixture
async def ward(running_app):
    return await w.demo_ward(running_app.bot_data.repos_for(FIRST_TENANT))


async def _finish_allowance(ward):
    """The culture unit reports the allowance done today, before its deadline (as in the demo)."""
    allowance = await ward.assignment(w.CULTURE, "chi trả trợ cấp")
    head = ward.people[w.CULTURE_HEAD].id
    await ward.repos.assignments.mark_done(allowance.id, head, "Đã chi trả", w.now())


async def test_the_demo_notice_counts_eight_tasks_with_its_buckets_and_rate(ward, person):
    await _finish_allowance(ward)

    reply = await person(w.CHAIRMAN, "Hùng").ask("/tonghop 45/TB-UBND")

    lines = reply.text.splitlines()
    # 8 tasks though 11 assignments; the weekly budget report has no deadline and stands apart
    assert "<b>Tổng số: 8 nhiệm vụ</b> (mỗi nhiệm vụ tính một lần, theo đơn vị chủ trì)" in lines
    start = lines.index("<b>Đã hoàn thành: 1</b>")
    assert lines[start:start + 7] == [
        "<b>Đã hoàn thành: 1</b>",
        "✅ Hoàn thành đúng hạn: <b>1</b>",
        "🕓 Hoàn thành quá hạn: <b>0</b>",
        "<b>Chưa hoàn thành: 6</b>",
        "🔄 Chưa hoàn thành, trong hạn: <b>6</b>",
        "❗ Chưa hoàn thành, quá hạn: <b>0</b>",
        "➖ Không có thời hạn: <b>1</b> (đã hoàn thành 0, chưa hoàn thành 1)",
    ]
    assert "📈 Tỷ lệ hoàn thành đúng hạn: <b>100%</b> (1/1)" in lines
    # per unit: assignments, lead and coordinating; 3 + 3 + 3 + 1 + 1 = 11
    assert "Công an phường (3): ✅ 0 · 🕓 0 · 🔄 3 · ❗ 0" in lines
    assert "Phòng Văn hóa - Xã hội (3): ✅ 1 · 🕓 0 · 🔄 2 · ❗ 0" in lines
    assert "Phòng Kinh tế, Hạ tầng và Đô thị (3): ✅ 0 · 🕓 0 · 🔄 2 · ❗ 0 · ➖ 1" in lines


async def test_a_leader_sees_a_heads_seventy_percent_report_and_opens_its_photo(
        ward, running_app, fake_api, person):
    sidewalk = await ward.assignment(w.ECONOMY, "lấn chiếm vỉa hè")
    message = await deliver(running_app, fake_api, w.ECONOMY_HEAD, [sidewalk])
    head = person(w.ECONOMY_HEAD, "Bình")
    confirmed = await head.send_photo(b"\xff\xd8photo of the cleared pavement", caption="Đã xong 70%",
                                      reply_to=message).reply()
    assert "Mức độ hoàn thành: 70%." in confirmed.text
    photo_id = (await ward.repos.progress.for_assignment(sidewalk.id))[0].file_ids[0]
    chairman = person(w.CHAIRMAN, "Hùng")

    parts = await chairman.send("/tonghop 45/TB-UBND").replies(2)

    text = "\n".join(part.text for part in parts)
    line = next(line for line in text.splitlines() if line.startswith("   • Phòng Kinh tế"))
    assert line.startswith(
        "   • Phòng Kinh tế, Hạ tầng và Đô thị (chủ trì): 🔄 đang thực hiện 70% — «Đã xong 70%» (")
    assert line.endswith(") 📎 1 tệp")
    view = parts[-1]  # the buttons come with the last part
    label = next(text for text, data in view.buttons if data == f"tdet:{sidewalk.task_id}")
    assert len(label) <= 20 and label.startswith("1. ")
    exchange = chairman.press(view, data=f"tdet:{sidewalk.task_id}")
    detail = await exchange.reply()
    assert "<b>Phòng Kinh tế, Hạ tầng và Đô thị</b> (chủ trì)" in detail.text
    assert "🔄 đang thực hiện: 70%" in detail.text and "«Đã xong 70%»" in detail.text
    assert ("📎 Tệp 1", f"tfile:{sidewalk.task_id}:1") in detail.buttons
    opened = await chairman.press(detail, button="📎 Tệp 1").reply(methods=("sendDocument", "sendPhoto"))
    assert opened.params.get("document", opened.params.get("photo")) == photo_id
    assert "Phòng Kinh tế, Hạ tầng và Đô thị" in opened.text


async def test_a_head_cannot_open_another_units_task(ward, person):
    police_task = await ward.assignment(w.POLICE, "tuần tra")

    clinic = person(w.CLINIC_HEAD, "Trang")
    greeting = await clinic.ask("/start")
    exchange = clinic.press(greeting, data=f"tdet:{police_task.task_id}")  # a forged button
    answer = await exchange.answered()

    assert answer.params.get("show_alert") is True
    assert "không thuộc đơn vị" in answer.params["text"]
    assert await exchange.silence() == []


async def test_baocao_sends_a_workbook_whose_totals_match_the_database_and_a_chart(ward, fake_api, person):
    await _finish_allowance(ward)
    chairman = person(w.CHAIRMAN, "Hùng")

    exchange = chairman.send("/baocao")
    answers = await exchange.replies(3, methods=("sendMessage", "sendDocument", "sendPhoto"), within=60)

    document = next(r for r in answers if r.method == "sendDocument")
    photo = next(r for r in answers if r.method == "sendPhoto")
    upload = document.uploads["document"]
    assert upload.filename == f"bao-cao-thang-{w.today():%m-%Y}.xlsx"
    assert photo.uploads["photo"].content.startswith(b"\x89PNG")
    assert "tổng số <b>8</b> nhiệm vụ" in document.text
    assert "tỷ lệ hoàn thành đúng hạn <b>100%</b>" in document.text
    book = openpyxl.load_workbook(io.BytesIO(upload.content))
    assert book.sheetnames == ["Tổng hợp", "Theo đơn vị", "Danh sách nhiệm vụ"]
    summary = {row[1]: row[2] for row in book["Tổng hợp"].iter_rows(min_row=6, values_only=True) if row[1]}
    month = current("month", w.today())
    counts = await ward.repos.reports.task_counts(ReportWindow(month.start, month.end, month.end))
    assert summary["Tổng số nhiệm vụ"] == counts.total == 8
    assert summary["Hoàn thành đúng hạn"] == counts.done_on_time == 1
    assert summary["Chưa hoàn thành, trong hạn"] == counts.open_in_term == 6
    assert summary["Nhiệm vụ không có thời hạn"] == counts.no_deadline == 1
    assert summary["Tỷ lệ hoàn thành đúng hạn (%)"] == 100
    units = list(book["Theo đơn vị"].iter_rows(min_row=2, values_only=True))
    assert sum(row[2] for row in units if isinstance(row[2], int)) == 11  # assignments
    tasks = book["Danh sách nhiệm vụ"]
    assert tasks.freeze_panes == "A2" and tasks.page_setup.orientation == "landscape"
    assert tasks.page_setup.paperSize == 9  # A4
    rows = list(tasks.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 8
    assert tasks.cell(row=1, column=6).value == "Hạn"
    assert tasks.cell(row=2, column=6).number_format == "dd/mm/yyyy"
    assert tasks.cell(row=2, column=2).value == f"45/TB-UBND ngày {w.today():%d/%m/%Y}"


async def test_the_monthly_report_goes_once_to_the_office_and_leaders_on_the_25th(
        ward, running_app, fake_api):
    data = running_app.bot_data
    calendar = await work_calendar(data.repos_for(FIRST_TENANT), data.settings)
    month = w.today().replace(day=1) + timedelta(days=40)
    day = send_day(month.year, month.month, 25, calendar)
    moment = datetime.combine(day, time(7, 30), VN_TZ)

    early = moment - timedelta(minutes=1)
    assert await run_monthly_report(data.repos_for(FIRST_TENANT), data.settings, early, data.render) == 0
    repos = data.repos_for(FIRST_TENANT)
    added = await run_monthly_report(repos, data.settings, moment, data.render, data.outbox.drain)
    again = moment + timedelta(minutes=1)
    assert await run_monthly_report(data.repos_for(FIRST_TENANT), data.settings, again, data.render) == 0

    assert added == 2  # the clerk and the chairman
    sent = await fake_api.wait_for("sendDocument", lambda r: r.chat_id == w.CHAIRMAN, 20.0)
    assert sent.uploads["document"].filename == f"bao-cao-thang-{day:%m-%Y}.xlsx"
    assert sent.text.startswith("📑 <b>Báo cáo tình hình thực hiện nhiệm vụ</b> — Tất cả các đơn vị")


def test_the_monthly_day_moves_back_to_a_working_day():
    calendar = WorkCalendar()
    # 25/04/2026 is a Saturday: the report goes on Friday 24/04
    assert send_day(2026, 4, 25, calendar) == date(2026, 4, 24)
    assert send_day(2026, 6, 25, calendar) == date(2026, 6, 25)


async def test_a_units_workbook_is_named_for_its_period_and_unit(ward, fake_api, person):
    chairman = person(w.CHAIRMAN, "Hùng")

    exchange = chairman.send(f"/baocao năm nay {w.CULTURE}")
    answers = await exchange.replies(3, methods=("sendMessage", "sendDocument", "sendPhoto"), within=60)

    document = next(r for r in answers if r.method == "sendDocument")
    assert document.uploads["document"].filename == (
        f"bao-cao-nam-{w.today():%Y}-don-vi-phong-van-hoa-xa-hoi.xlsx")


def test_file_names_say_the_period_in_words_a_clerk_reads():
    def name(start: date | None, end: date, kind: str | None = None, **ids: int) -> str:
        return file_stem(ReportScope(start=start, end=end, **ids), "Thông báo số 45/TB-UBND", kind)

    assert name(date(2026, 11, 1), date(2026, 11, 30)) == "bao-cao-thang-11-2026"
    assert name(date(2026, 10, 1), date(2026, 11, 20), "quarter") == "bao-cao-quy-4-2026"
    assert name(date(2026, 1, 1), date(2026, 2, 20), "year") == "bao-cao-nam-2026"
    assert name(date(2026, 11, 30), date(2026, 12, 1), "week") == "bao-cao-tuan-30-11-2026"
    assert name(date(2026, 1, 1), date(2026, 6, 30)) == "bao-cao-tu-01-01-2026-den-30-06-2026"
    assert name(date(2026, 11, 1), date(2026, 11, 30), notice_id=7) == (
        "bao-cao-thang-11-2026-thong-bao-so-45-tb-ubnd")


async def test_the_workbooks_unit_sheet_counts_as_the_unit_query_does(ward):
    await _finish_allowance(ward)
    span = ReportWindow(date(w.today().year, 1, 1), w.today(), w.today())

    rows = await ward.repos.reports.task_rows(span)

    assert unit_counts_of(rows, span.as_of) == await ward.repos.reports.unit_counts(span)
    assert sum(u.total for u in unit_counts_of(rows, span.as_of)) == 11
