"""Sample renders of the review's pages and answers: whole lines, escaped user text (<b>, &), diacritics,
button labels short enough for a phone, and pages below Telegram's 4,096 characters."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.handlers.review_tasks import excerpt
from bot.parser.models import TaskFlag, TaskKind
from bot.services.preview import summarise
from bot.services.review import sentences, split_points
from bot.services.review_views import (
    CandidatePage,
    TaskList,
    UnitChoice,
    UnitPicker,
    split_choice,
)
from messages.render import render
from storage.models import AssignmentRole, Candidate, Notice, Task, TaskUnit, Unit, UnresolvedUnit

NOW = datetime(2026, 11, 20, 2, 30, tzinfo=UTC)
TRICKY = "Phòng <b>Kinh tế</b> & Hạ tầng"


def _task(position: int, text: str, *, units=(), flags=(), unresolved=(), deadline=None) -> Task:
    return Task(id=100 + position, notice_id=1, position=position, section=None, text=text,
                kind=TaskKind.assign, deadline=deadline, recurrence=None, flags=list(flags),
                unresolved=[UnresolvedUnit(name=n, role=AssignmentRole.lead) for n in unresolved],
                units=[TaskUnit(assignment_id=1, unit_id=uid, unit_name=name, role=AssignmentRole(role))
                       for uid, name, role in units])


def _unit(unit_id: int, name: str) -> Unit:
    return Unit(id=unit_id, name=name, kind="department", aliases=[], groups=[], active=True, created_at=NOW,
                updated_at=NOW)


def _candidate(position: int, text: str, units=()) -> Candidate:
    return Candidate(id=position, notice_id=1, position=position, text=text, units=list(units),
                     span_start=None, status="open", task_id=None)


def test_the_task_list_shows_units_deadlines_and_doubts_escaped():
    view = TaskList(notice_id=1, total=12, page=2, pages=2, tasks=[
        _task(11, "Rà soát <hồ sơ> & báo cáo", units=[(1, TRICKY, "lead"), (2, "Công an xã", "coordinate")],
              deadline=date(2026, 12, 15), flags=[TaskFlag.year_inferred]),
        _task(12, "Việc chưa giao", unresolved=["Tổ <389>"]),
    ])

    assert render("review/task_list.html.j2", view=view).splitlines() == [
        "<b>Nhiệm vụ trong bản nháp (12)</b> — trang 2/2",
        "Chọn số thứ tự của nhiệm vụ cần sửa, tách hoặc xóa; bấm <b>Thêm nhiệm vụ</b> để thêm nhiệm vụ "
        "còn sót.",
        "",
        "11. Rà soát &lt;hồ sơ&gt; &amp; báo cáo",
        "Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng, Công an xã (phối hợp) · hạn 15/12/2026",
        "⚠️ năm của hạn được suy ra (văn bản không ghi năm)",
        "",
        "12. Việc chưa giao",
        "Chưa có đơn vị · không ghi hạn",
        "⚠️ đơn vị chưa có trong danh sách: Tổ &lt;389&gt;",
    ]


def test_the_unit_picker_marks_lead_and_coordinating_units():
    task = _task(5, "Số hóa <hồ sơ>", units=[(1, TRICKY, "lead")], unresolved=["Ban & Lạ"])
    view = UnitPicker(task=task, page=1, pages=2, choices=[
        UnitChoice(number=1, unit=_unit(1, TRICKY), role=AssignmentRole.lead),
        UnitChoice(number=2, unit=_unit(2, "Công an xã"), role=AssignmentRole.coordinate),
        UnitChoice(number=3, unit=_unit(3, "Trạm Y tế xã"), role=None),
    ])

    assert render("review/unit_picker.html.j2", view=view).splitlines() == [
        "<b>Đơn vị của nhiệm vụ 5</b>: Số hóa &lt;hồ sơ&gt;",
        "Đang giao: Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng (chủ trì)",
        "Tên chưa có trong danh sách: Ban &amp; Lạ (xử lý ở bản xem trước).",
        "",
        "Bấm số của đơn vị: lần thứ nhất là chủ trì ★, lần thứ hai là phối hợp ☆, lần thứ ba bỏ chọn. "
        "Xong thì bấm <b>Xong</b>. Trang 1/2.",
        "1. Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng — ★ chủ trì",
        "2. Công an xã — ☆ phối hợp",
        "3. Trạm Y tế xã",
    ]


def test_a_page_of_safety_net_sentences():
    view = CandidatePage(notice_id=1, total=7, page=2, pages=2, candidates=[
        _candidate(6, "Đề nghị <Phòng> & Ban\nrà soát.", [TRICKY]),
        _candidate(7, "Giao thôn trưởng kiểm tra."),
    ])

    assert render("review/candidates.html.j2", view=view).splitlines() == [
        "<b>Câu có thể là nhiệm vụ chưa được nhận diện (7)</b> — trang 2/2",
        "Bấm ➕ để thêm câu thành nhiệm vụ giao cho đơn vị được nêu trong câu, ✕ nếu không phải nhiệm vụ.",
        "",
        "Câu 6: Đề nghị &lt;Phòng&gt; &amp; Ban rà soát. (Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng)",
        "",
        "Câu 7: Giao thôn trưởng kiểm tra.",
    ]


def test_the_split_page_numbers_the_sentences_and_caps_the_buttons():
    two = split_choice(_task(3, "Chi trả trợ cấp <tháng 12>. Thăm hỏi & tặng quà gia đình chính sách."))
    assert two.points == 1
    assert render("review/split.html.j2", view=two).splitlines()[-2:] == [
        "(1) Chi trả trợ cấp &lt;tháng 12&gt;.", "(2) Thăm hỏi &amp; tặng quà gia đình chính sách."]
    one = split_choice(_task(3, "Tổ chức thăm hỏi tại TP. Hồ Chí Minh và Q. 1"))
    assert one.points == 0
    assert "Nhiệm vụ chỉ có một câu" in render("review/split.html.j2", view=one)
    many = split_choice(_task(3, " ".join(f"Việc số {n} phải làm ngay trong tuần." for n in range(1, 60))))
    text = render("review/split.html.j2", view=many)
    assert many.points == 20 and len(text) <= 4096
    assert text.splitlines()[-1] == "Chỉ có nút cho 20 chỗ tách đầu tiên; chỗ khác dùng <b>Dán phần sau</b>."


def test_split_points_fall_between_sentences_not_inside_abbreviations_or_after_list_numbers():
    assert sentences("Chi trả tháng 12. Tổ chức thăm hỏi. 2. Rà soát hộ nghèo") == [
        "Chi trả tháng 12.", "Tổ chức thăm hỏi.", "2. Rà soát hộ nghèo"]
    text = "Rà soát hồ sơ tại TP. Hồ Chí Minh. Báo cáo trước 30/11; phối hợp Công an.\n- Tổng hợp kết quả"
    cuts = split_points(text)
    assert [text[:c].strip() for c in cuts] == [
        "Rà soát hồ sơ tại TP. Hồ Chí Minh.",
        "Rà soát hồ sơ tại TP. Hồ Chí Minh. Báo cáo trước 30/11;",
        "Rà soát hồ sơ tại TP. Hồ Chí Minh. Báo cáo trước 30/11; phối hợp Công an.",
    ]


def test_review_answers_and_prompts_escape_what_people_wrote():
    task = _task(4, "Tuần tra <ban đêm> & báo cáo", units=[(1, TRICKY, "lead")],
                 flags=[TaskFlag.recurrence_guessed, TaskFlag.long_text])
    assert render("review_reply.html.j2", what="task", task=task).splitlines() == [
        "<b>Nhiệm vụ 4</b>: Tuần tra &lt;ban đêm&gt; &amp; báo cáo",
        "Hạn: không ghi hạn",
        "Đơn vị: Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng (chủ trì)",
        "⚠️ Cần xem lại: ghi “định kỳ” nhưng không rõ chu kỳ; dài hơn một trang, có thể gồm nhiều nhiệm vụ",
    ]
    prompt = render("review_reply.html.j2", what="prompt_text", task=task, excerpt=excerpt(task.text))
    assert prompt.splitlines() == [
        "Nhập nội dung mới cho nhiệm vụ 4. Hãy trả lời (reply) tin nhắn này. Nội dung hiện tại:",
        "Tuần tra &lt;ban đêm&gt; &amp; báo cáo",
    ]
    assert render("review_reply.html.j2", what="bad_text", max_chars=3500) == (
        "Nội dung nhiệm vụ không được để trống và không dài quá 3.500 ký tự. Vui lòng gửi lại bằng cách trả "
        "lời tin nhắn hỏi nội dung.")
    long_task = _task(2, "Rà soát & báo cáo. " * 400)
    quoted = render("review_reply.html.j2", what="prompt_split", task=long_task,
                    excerpt=excerpt(long_task.text))
    assert 3500 < len(quoted) <= 4096 and quoted.endswith("…")
    assert render("review_reply.html.j2", what="remove_confirm", task=task).splitlines() == [
        "Xóa nhiệm vụ 4 khỏi bản nháp? Nhiệm vụ này sẽ không được gửi cho đơn vị nào.",
        "Tuần tra &lt;ban đêm&gt; &amp; báo cáo",
    ]
    first, second = _task(2, "a"), _task(3, "b")
    assert render("review_reply.html.j2", what="split_done", first=first, second=second) == (
        "Đã tách thành nhiệm vụ 2 và nhiệm vụ 3; nhiệm vụ 3 giữ đơn vị và hạn của nhiệm vụ 2.")


def test_the_preview_lists_only_the_first_sentences_and_counts_the_rest():
    notice = Notice(id=1, number=None, issuer=None, title=None, issued_on=None, meeting_on=None, kind="other",
                    source_name=None, source_sha256=None, source_file_id=None, text="", status="draft",
                    created_by=1, leader_id=None, created_at=NOW, updated_at=NOW, published_at=None,
                    withdrawn_at=None, tasks=[_task(1, "Việc một", units=[(1, TRICKY, "lead")])])
    candidates = [_candidate(n, f"Đề nghị đơn vị <{n}> thực hiện.") for n in range(1, 8)]

    lines = render("notice_preview.html.j2", preview=summarise(notice, [], candidates), note=None,
                   shown=5).splitlines()

    assert lines[4:5] == ["⚠️ 7 câu có thể là nhiệm vụ chưa được nhận diện"]
    start = lines.index("<b>Câu có thể là nhiệm vụ chưa được nhận diện (7)</b> — bấm ➕ để thêm thành nhiệm "
                        "vụ giao cho đơn vị được nêu trong câu, ✕ nếu không phải nhiệm vụ.")
    assert lines[start + 1:start + 7] == [
        *(f"Câu {n}: Đề nghị đơn vị &lt;{n}&gt; thực hiện." for n in range(1, 6)),
        "… và 2 câu khác: bấm Xem thêm.",
    ]
    assert lines[-1] == ("Bấm <b>Gửi</b> để gửi cho các đơn vị, <b>Sửa</b> để sửa nội dung, hạn, đơn vị hoặc "
                         "tách, xóa một nhiệm vụ, <b>Thêm nhiệm vụ</b> để thêm nhiệm vụ còn sót, "
                         "<b>Hủy</b> để bỏ bản nháp.")


def test_review_button_labels_are_short_plain_text():
    names = ["add_task", "take_candidate", "dismiss_candidate", "more_candidates", "previous_page",
             "next_page", "edit_text", "split", "split_at", "split_paste", "remove", "remove_confirm",
             "to_list", "unit_choice", "unit_choice", "unit_choice", "type_units", "units_done",
             "task_number"]
    roles = {13: "lead", 14: "coordinate"}
    labels = [render("notice_buttons.txt.j2", name=name, index=12, count=35, role=roles.get(n))
              for n, name in enumerate(names)]
    assert labels == ["➕ Thêm nhiệm vụ", "➕ Câu 12", "✕ Câu 12", "Xem thêm (35)", "‹ Trước", "Sau ›",
                      "Sửa nội dung", "Tách", "Sau câu 12", "Dán phần sau", "Xóa", "Xóa nhiệm vụ 12",
                      "« Danh sách", "12 ★", "12 ☆", "12", "Gõ tên đơn vị", "Xong", "12"]
    assert all(len(label) <= 20 for label in labels)


def test_a_failed_publish_tells_the_office_nothing_went_out_and_to_press_again():
    assert render("review_reply.html.j2", what="publish_failed") == (
        "Chưa gửi được: hệ thống gặp lỗi khi lưu, văn bản vẫn là bản nháp và chưa đơn vị nào nhận được. "
        "Vui lòng bấm Gửi lại sau ít phút; nếu vẫn lỗi, hãy báo quản trị viên."
    )
