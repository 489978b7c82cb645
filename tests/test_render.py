import html
from datetime import UTC, date, datetime

from bot.testing.html_check import parse_html
from messages.render import TELEGRAM_LIMIT, clip, render, split_blocks, utf16_len, vn_date, vn_weekday


def test_dates_are_shown_day_first_with_vietnamese_weekday():
    assert vn_date(date(2026, 6, 5)) == "05/06/2026"
    assert vn_weekday(date(2026, 6, 5)) == "Thứ Sáu"
    assert vn_weekday(date(2026, 6, 7)) == "Chủ nhật"


def test_blocks_are_packed_below_the_limit_without_cutting_a_block():
    blocks = [f"Nhiệm vụ {i}: " + "x" * 90 for i in range(100)]
    messages = split_blocks(blocks, limit=1000)
    assert all(len(m) <= 1000 for m in messages)
    assert "\n\n".join(messages) == "\n\n".join(blocks)


def test_an_oversized_single_block_is_clipped_with_an_ellipsis():
    assert clip("a" * 5000, 4096).endswith("…")
    assert len(clip("a" * 5000, 4096)) == 4096


def test_length_is_counted_in_utf16_units_as_telegram_counts_it():
    assert utf16_len("Hạn 27/11") == 9
    assert utf16_len("📌 Thông báo") == 12  # the pin is one character but two UTF-16 units


def test_a_clipped_message_never_ends_inside_markup_and_fits_telegrams_count():
    quoted = "<b>Báo cáo</b>\n<blockquote>" + "\n".join(
        f"📌 Dòng {n}: Phòng Tài chính &amp; Kế hoạch" for n in range(400)) + "</blockquote>"
    clipped = clip(quoted)
    assert utf16_len(clipped) <= TELEGRAM_LIMIT < utf16_len(quoted)
    assert parse_html(clipped)[1] is None
    assert clipped.endswith("</blockquote>\n…")

    one_line = "<i>" + "Q&amp;A 📌 " * 1000 + "</i>"
    clipped = clip(one_line, 100)
    assert utf16_len(clipped) <= 100 and parse_html(clipped)[1] is None
    assert clipped.startswith("Q&amp;A 📌 ") and clipped.endswith("…")


def test_a_4862_character_task_is_quoted_in_at_most_300_characters_in_the_snooze_confirmation():
    task = "Rà soát hồ sơ <đất đai> & " * 187  # 4,862 characters, as in the report
    until = datetime(2026, 6, 16, 0, 30, tzinfo=UTC)
    text = render("reminder_snoozed.html.j2", outcome="snoozed", until=until, remaining=1, used=1,
                  task_text=task)
    quoted = text.splitlines()[1]
    assert quoted.startswith("<i>Rà soát hồ sơ &lt;đất đai&gt; &amp; ") and quoted.endswith("…</i>")
    assert len(html.unescape(quoted[3:-4])) <= 300
