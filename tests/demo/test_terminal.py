"""Bot HTML as the demo prints it in a terminal."""

from bot.demo.terminal import buttons_line, html_to_terminal


def test_plain_output_drops_tags_and_unescapes_entities():
    text = "<b>Phòng Tài nguyên &amp; Môi trường</b>: hạn <i>30/11/2026</i> &lt;gấp&gt;"
    assert html_to_terminal(text) == "Phòng Tài nguyên & Môi trường: hạn 30/11/2026 <gấp>"


def test_colour_output_uses_terminal_bold_and_resets_it():
    assert html_to_terminal("<b>Đã nhận</b> xong") == "Đã nhận xong"
    assert html_to_terminal("<b>Đã nhận</b> xong", color=True) == "\x1b[1mĐã nhận\x1b[22m xong"


def test_strike_through_keeps_a_marker_without_colour():
    # Dropping it would make a withdrawn deadline read as the current one.
    assert html_to_terminal("hạn <s>02/12/2026</s> 16/12/2026") == "hạn ~~02/12/2026~~ 16/12/2026"


def test_links_keep_their_address():
    html = 'Mở <a href="https://t.me/dondoc_bot?start=abc">đường dẫn mời</a>.'
    assert html_to_terminal(html) == "Mở đường dẫn mời <https://t.me/dondoc_bot?start=abc>."


def test_blockquote_lines_are_marked():
    assert html_to_terminal("Báo cáo:\n<blockquote>Đã xong 70%\ncòn 2 tuyến</blockquote>") == (
        "Báo cáo:\n▎ Đã xong 70%\n▎ còn 2 tuyến"
    )


def test_each_keyboard_row_is_one_line_of_bracketed_labels():
    rows = [[{"text": "Đã nhận", "callback_data": "ack:1:2"}],
            [{"text": "1. Hoàn thành", "callback_data": "done:3"}, {"text": "1. Xin gia hạn"}]]
    assert buttons_line(rows) == ["[Đã nhận]", "[1. Hoàn thành] [1. Xin gia hạn]"]
