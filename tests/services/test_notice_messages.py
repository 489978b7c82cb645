"""Sample renders of the notice flow's templates: whole lines, escaped user text (<b>, &), diacritics,
and long lists split below Telegram's 4,096 characters without cutting a task."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime

from bot.parser.models import NoticeKind, Recurrence, TaskKind
from bot.services.delivery import MAX_TASKS, delivery_parts
from bot.services.delivery_report import DeliveryReport, UnitDelivery, UnitState
from bot.services.preview import summarise
from messages.render import render, split_blocks
from storage.models import AssignmentRole, Notice, Task, TaskUnit, Unit, UnresolvedUnit

NOW = datetime(2026, 6, 5, 2, 30, tzinfo=UTC)  # 09:30 in Hà Nội
TRICKY = "Phòng <b>Kinh tế</b> & Hạ tầng"
OTHER = "Công an phường"


def _unit(unit_id: int, name: str) -> Unit:
    return Unit(id=unit_id, name=name, kind="department", aliases=[], groups=[], active=True,
                created_at=NOW, updated_at=NOW)


def _task(position: int, text: str, units: list[tuple[int, str, str]], *, deadline=None, recurrence=None,
          unresolved=()) -> Task:
    return Task(
        id=100 + position, notice_id=1, position=position, section=None, text=text, kind=TaskKind.assign,
        deadline=deadline, recurrence=recurrence,
        unresolved=[UnresolvedUnit(name=n, role=AssignmentRole.lead) for n in unresolved],
        units=[TaskUnit(assignment_id=1000 + position * 10 + uid, unit_id=uid, unit_name=name,
                        role=AssignmentRole(role)) for uid, name, role in units],
    )


def _notice(tasks: list[Task], **fields) -> Notice:
    values = dict(
        id=1, number="37/TB-UBND", issuer="UBND phường <Bạch Đằng>", title="Kết luận & chỉ đạo",
        issued_on=date(2026, 6, 3), meeting_on=None, kind=NoticeKind.conclusion, source_name="tb.docx",
        source_sha256="0" * 64, source_file_id="FILE1", text="", status="draft", created_by=1, leader_id=None,
        created_at=NOW, updated_at=NOW, published_at=None, withdrawn_at=None, tasks=tasks,
    )
    values.update(fields)
    return Notice(**values)


def test_delivery_message_lists_lead_then_coordinated_tasks_with_weekday_and_recurrence():
    notice = _notice([
        _task(1, "Phối hợp rà soát <hồ sơ> & báo cáo", [(2, OTHER, "lead"), (1, TRICKY, "coordinate")]),
        _task(2, "Lập bản đồ số hóa đất đai", [(1, TRICKY, "lead"), (2, OTHER, "coordinate")],
              deadline=date(2026, 6, 30), recurrence=Recurrence.weekly),
    ])

    [part] = delivery_parts(render, notice, 1, TRICKY)

    assert part.text.splitlines() == [
        "📌 <b>Thông báo số 37/TB-UBND</b> ngày 03/06/2026",
        "Cơ quan ban hành: UBND phường &lt;Bạch Đằng&gt;",
        "Trích yếu: Kết luận &amp; chỉ đạo",
        "Đơn vị: <b>Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b> — 2 nhiệm vụ",
        "Bấm <b>Đã nhận</b> để xác nhận đã nhận nhiệm vụ; trả lời (reply) tin nhắn này để báo cáo tiến độ.",
        "",
        "<b>▶ Nhiệm vụ chủ trì</b>",
        "<b>1.</b> Lập bản đồ số hóa đất đai",
        "⏰ Hạn: Thứ Ba, 30/06/2026",
        "🔁 Lặp lại: hằng tuần",
        "Phối hợp: Công an phường",
        "",
        "<b>▶ Nhiệm vụ phối hợp</b>",
        "<b>2.</b> Phối hợp rà soát &lt;hồ sơ&gt; &amp; báo cáo",
        "⏰ Hạn: không ghi hạn",
        "Chủ trì: Công an phường",
    ]
    rows = part.reply_markup["inline_keyboard"]
    assert rows[0] == [{"text": "Đã nhận", "callback_data": "ack:1:1"}]
    assert [b["text"] for b in rows[1]] == ["1. Báo cáo tiến độ", "1. Hoàn thành", "1. Xin gia hạn"]
    assert rows[1][0]["callback_data"] == "prog:1021"
    assert rows[-1] == [{"text": "Tải văn bản gốc", "callback_data": "file:1"}]
    assert part.assignment_ids == [1021, 1011]


def test_a_long_delivery_is_split_below_the_limit_never_cutting_a_task():
    filler = "các nội dung trọng tâm & cấp bách " * 8
    texts = [f"Nhiệm vụ số {i}: triển khai {filler}đợt {i}." for i in range(70)]
    notice = _notice([_task(i + 1, text, [(1, TRICKY, "lead")], deadline=date(2026, 7, 1))
                      for i, text in enumerate(texts)])

    parts = delivery_parts(render, notice, 1, TRICKY)

    assert len(parts) >= 4
    assert all(len(p.text) <= 4096 and len(p.tasks) <= MAX_TASKS for p in parts)
    for text in texts:
        holders = [p for p in parts if html.escape(text, quote=False) in p.text]
        assert len(holders) == 1
    assert [t.index for p in parts for t in p.tasks] == list(range(1, 71))
    assert parts[1].text.splitlines()[3].endswith(f"— 70 nhiệm vụ (phần 2/{len(parts)})")
    # Each part's keyboard carries only its own tasks.
    for part in parts:
        ids = {b["callback_data"] for row in part.reply_markup["inline_keyboard"][1:-1] for b in row}
        assert ids == {f"{a}:{t.assignment_id}" for t in part.tasks for a in ("prog", "done", "ext")}


def test_preview_shows_units_unknown_names_and_orphans_escaped():
    units = [_unit(1, TRICKY), _unit(2, OTHER)]
    notice = _notice([
        _task(1, "Việc một", [(1, TRICKY, "lead"), (2, OTHER, "coordinate")], deadline=date(2026, 6, 30)),
        _task(2, "Việc hai", [(1, TRICKY, "lead")], deadline=date(2026, 6, 15)),
        _task(3, "Việc ba", [], unresolved=["Ban <i>Mới</i> & Lạ"]),
        _task(4, "Việc <không> ai nhận", []),
    ])

    text = render("notice_preview.html.j2", preview=summarise(notice, units), note=None)

    assert text.splitlines() == [
        "📄 <b>Bản xem trước thông báo số 37/TB-UBND</b>",
        "Cơ quan ban hành: UBND phường &lt;Bạch Đằng&gt;",
        "Ngày ban hành: 03/06/2026",
        "Trích yếu: Kết luận &amp; chỉ đạo",
        "Tệp: tb.docx",
        "Số nhiệm vụ: 4",
        "⚠️ 1 nhiệm vụ cần xem lại",
        "",
        "<b>Đơn vị nhận nhiệm vụ (2)</b>",
        "• <b>Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b>: 2 chủ trì; hạn gần nhất 15/06/2026",
        "• <b>Công an phường</b>: 1 phối hợp; hạn gần nhất 30/06/2026",
        "",
        "<b>Tên đơn vị chưa có trong danh sách (1)</b> — chọn ở các nút bên dưới: gán vào đơn vị đã có,"
        " tạo đơn vị mới hoặc bỏ qua.",
        "1. Ban &lt;i&gt;Mới&lt;/i&gt; &amp; Lạ (1 nhiệm vụ)",
        "",
        "<b>Nhiệm vụ chưa có đơn vị (1)</b> — bấm Sửa để giao cho đơn vị.",
        "4. Việc &lt;không&gt; ai nhận",
        "",
        "<b>Nhiệm vụ cần xem lại (1)</b> — bấm Sửa để xem và sửa.",
        "3. Việc ba ⚠️ đơn vị chưa có trong danh sách: Ban &lt;i&gt;Mới&lt;/i&gt; &amp; Lạ",
        "",
        "Cần xử lý hết các tên đơn vị chưa có trong danh sách trước khi gửi.",
    ]


def test_a_long_preview_splits_between_lines():
    units = [_unit(i, f"{TRICKY} số {i} với tên rất dài để thử giới hạn độ dài") for i in range(1, 201)]
    notice = _notice([_task(i, f"Việc {i}", [(i, units[i - 1].name, "lead")]) for i in range(1, 201)])
    text = render("notice_preview.html.j2", preview=summarise(notice, units), note=None)

    parts = split_blocks(text.split("\n"), sep="\n")

    assert len(text) > 4096 and len(parts) > 1
    assert all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == text


def test_delivery_report_groups_units_by_state_with_acknowledgements():
    notice = _notice([], status="published", published_at=NOW)
    report = DeliveryReport(notice=notice, units=[
        UnitDelivery(unit_id=1, unit_name=TRICKY, state=UnitState.delivered, reached=["Lan"], unreachable=[],
                     acknowledged=True, acknowledged_by="Lan <Trưởng>", acknowledged_at=NOW),
        UnitDelivery(unit_id=2, unit_name=OTHER, state=UnitState.unreachable, reached=[],
                     unreachable=["Minh & Co"], acknowledged=False),
        UnitDelivery(unit_id=3, unit_name="Trạm Y tế", state=UnitState.unregistered, reached=[],
                     unreachable=[], acknowledged=False),
    ])

    lines = render("delivery_report.html.j2", report=report, now=NOW).splitlines()

    assert lines[:4] == [
        "📬 <b>Tình hình gửi thông báo số 37/TB-UBND</b>",
        "Kết luận &amp; chỉ đạo",
        "Đã gửi: 1 đơn vị · Đang gửi: 0 · Chưa đăng ký: 1 · Không liên lạc được: 1",
        "Đã nhận: 1/3 đơn vị",
    ]
    acknowledged = (
        "✅ Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng — đã nhận (Lan &lt;Trưởng&gt;, 09:30 05/06/2026)"
    )
    assert acknowledged in lines
    assert "▫️ Công an phường — Minh &amp; Co" in lines
    assert "▫️ Trạm Y tế — sẽ xem được nhiệm vụ bằng /viec khi đăng ký" in lines
    assert lines[-1].startswith("Cập nhật lúc 09:30 05/06/2026.")


def test_short_answers_escape_what_people_wrote():
    notice = _notice([], status="published", published_at=NOW)
    assert render("intake_reply.html.j2", what="duplicate", notice=notice, filename=None) == (
        "Thông báo này đã được gửi ngày 05/06/2026 (số 37/TB-UBND). Không lưu thêm bản mới.")
    assert render("intake_reply.html.j2", what="no_tasks", notice=None, filename="<b>x</b> & y.docx") == (
        "Không tìm thấy nhiệm vụ nào giao cho đơn vị trong tệp <b>&lt;b&gt;x&lt;/b&gt; &amp; y.docx</b>, nên "
        "chưa lưu gì. Vui lòng kiểm tra đây có phải thông báo kết luận, kế hoạch hoặc công văn giao việc "
        "không.")
    assert render("intake_reply.html.j2", what="too_large", filename="a&b.pdf", max_mb=20).startswith(
        "Tệp <b>a&amp;b.pdf</b> quá lớn: bot chỉ nhận tệp đến 20 MB.")
    assert render("review_reply.html.j2", what="mapped", name="Ban <Mới>", unit_name=TRICKY) == (
        "Đã gán \"Ban &lt;Mới&gt;\" vào Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng.")
    assert render("review_reply.html.j2", what="bad_date", text="<b>mai</b>") .startswith(
        "Không hiểu ngày \"&lt;b&gt;mai&lt;/b&gt;\".")
    task = _task(3, "Việc <ba> & bốn", [(1, TRICKY, "lead")], deadline=date(2026, 6, 7))
    assert render("review_reply.html.j2", what="task", task=task).splitlines() == [
        "<b>Nhiệm vụ 3</b>: Việc &lt;ba&gt; &amp; bốn",
        "Hạn: Chủ nhật, 07/06/2026",
        "Đơn vị: Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng (chủ trì)",
    ]
    assert render("acknowledge_reply.html.j2", count=3, unit_name=TRICKY) == (
        "Đã ghi nhận: Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng đã nhận 3 nhiệm vụ.")
    listing = render("not_acknowledged.html.j2", groups=[(notice, [(TRICKY, 2)])], number=None, found=True)
    assert listing.splitlines() == [
        "<b>Đơn vị chưa xác nhận đã nhận nhiệm vụ</b>",
        "",
        "📌 Thông báo số 37/TB-UBND, gửi ngày 05/06/2026",
        "• Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng (2 nhiệm vụ)",
    ]
    assert render("not_acknowledged.html.j2", groups=[], number="9/<TB>", found=False) == (
        "Không tìm thấy thông báo đã gửi số 9/&lt;TB&gt;.")


def test_button_labels_are_plain_text_and_short():
    assert render("notice_buttons.txt.j2", name="map_unit", index=2, unit_name=TRICKY + " rất dài " * 5) == (
        "2 → Phòng <b>Kinh tế</b> & Hạ tầng rất dài …")
    assert render("notice_buttons.txt.j2", name="acknowledged") == "✓ Đã nhận"
    assert render("notice_buttons.txt.j2", name="task_number", index=4) == "4"
