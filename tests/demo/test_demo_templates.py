"""The demo's framing lines: terminal text (.txt.j2, not escaped), whole lines pinned."""

from datetime import date

from messages.render import render

ODD_UNIT = "Phòng <b>Tài nguyên</b> & Môi trường"


def test_who_names_the_head_by_their_unit_verbatim():
    who = render("demo/who.txt.j2", role="head", name="Lê Thị Mai", unit=ODD_UNIT)
    assert who == "Trưởng phòng <b>Tài nguyên</b> & Môi trường (Lê Thị Mai)"
    assert render("demo/who.txt.j2", role="head", name="Võ Quốc Dũng", unit="Công an phường") == (
        "Trưởng Công an phường (Võ Quốc Dũng)"
    )
    assert render("demo/who.txt.j2", role="chairman", name="Nguyễn Văn Hùng", unit="") == (
        "Chủ tịch UBND phường (Nguyễn Văn Hùng)"
    )


def test_person_lines():
    who = "Trưởng Công an phường (Võ Quốc Dũng)"
    assert render("demo/person.txt.j2", who=who, action="text", text="/viec") == f"— {who} gửi: «/viec»"
    assert render("demo/person.txt.j2", who=who, action="press", button="1. Xin gia hạn") == (
        f"— {who} bấm [1. Xin gia hạn]"
    )
    assert render("demo/person.txt.j2", who=who, action="reply", text="Đã xong 70% & <b>") == (
        f"— {who} trả lời tin nhắn của Bot: «Đã xong 70% & <b>»"
    )
    assert render("demo/person.txt.j2", who=who, action="file", file_name="a&b.docx") == (
        f"— {who} gửi tệp a&b.docx"
    )


def test_bot_lines():
    to = f"Trưởng {ODD_UNIT}"
    assert render("demo/bot.txt.j2", kind="message", to=to) == f"— Bot → {to}:"
    assert render("demo/bot.txt.j2", kind="edit_text", to=to) == (
        f"— Bot sửa tin nhắn đã gửi cho {to}, giờ là:"
    )
    assert render("demo/bot.txt.j2", kind="toast", to=to, text="Đã ghi nhận") == (
        f"— Bot (thông báo nhanh trên màn hình của {to}): Đã ghi nhận"
    )
    blocked = "Forbidden: bot was blocked by the user"
    assert render("demo/bot.txt.j2", kind="failed", to=to, error=blocked) == (
        f"— Bot → {to}: không gửi được ({blocked})"
    )


def test_step_heading_and_unavailable_reason():
    title = render("demo/title.txt.j2", key="extension")
    assert title == "Một trưởng đơn vị xin gia hạn, lãnh đạo duyệt"
    assert render("demo/step.txt.j2", number=9, title=title).splitlines()[1] == f"Bước 9. {title}"
    reason = render("demo/reason.txt.j2", reason="no_button", what="Đã nhận")
    assert render("demo/note.txt.j2", kind="not_available", reason=reason) == (
        ">>> Bước này chưa có trong phiên bản bot hiện tại: tin nhắn của bot chưa có nút [Đã nhận]."
    )


def test_a_silent_or_unfinished_bot_is_said_in_one_line():
    assert render("demo/note.txt.j2", kind="no_answer") == "(Bot không trả lời.)"
    assert render("demo/note.txt.j2", kind="unfinished", seconds=30.0) == (
        "(Sau 30 giây bot vẫn chưa xử lý xong; bản chạy thử chuyển sang việc tiếp theo.)"
    )


def test_intro_names_the_day_and_the_fake_server():
    lines = render("demo/intro.txt.j2", today=date(2026, 11, 23), api_url="http://127.0.0.1:4000",
                   db_path="/tmp/x/dondoc-demo.sqlite3").splitlines()
    assert lines[0] == "=== dondoc — chạy thử một buổi sáng ở UBND phường Bình Minh (Thứ Hai, 23/11/2026) ==="
    assert "http://127.0.0.1:4000" in lines[1]


def test_summary_lists_what_is_missing():
    text = render("demo/summary.txt.j2", seconds=12.34, played=["setup"], total=3,
                  missing=["Chủ tịch xem tổng hợp"])
    assert "Kết thúc chạy thử sau 12.3 giây: 1/3 bước đã chạy với bot thật." in text.splitlines()
    assert "  - Chủ tịch xem tổng hợp" in text.splitlines()
