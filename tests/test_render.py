from datetime import date

from messages.render import clip, split_blocks, vn_date, vn_weekday


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
