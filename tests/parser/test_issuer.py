"""The issuer is the last body in the header block, whatever its level and however it is wrapped."""

import pytest

from bot.parser import parse_notice


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        ("**VĂN PHÒNG CHÍNH\nPHỦ**\n-------", "Văn phòng Chính phủ"),
        ("**THỦ\nTƯỚNG CHÍNH PHỦ**\n-------", "Thủ tướng Chính phủ"),
        ("UBND THÀNH PHỐ ĐÀ\nNẴNG\n**SỞ Y TẾ**\n-------", "Sở Y tế thành phố Đà Nẵng"),
        ("ỦY BAN NHÂN DÂN\nQUẬN BÌNH THẠNH\nVĂN PHÒNG\n-----", "Văn phòng UBND quận Bình Thạnh"),
        ("UBND QUẬN 10\nPHÒNG VĂN HÓA - THÔNG TIN\n-----", "Phòng Văn hóa - Thông tin quận 10"),
        ("**ỦY BAN NHÂN\nDÂN **\nPHƯỜNG TÂN ĐỊNH\n--------", "UBND phường Tân Định"),
    ],
)
def test_issuer_from_the_header_block(header, issuer):
    motto = "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc"
    text = f"|\n{header}\n|\n{motto}\n\nSố: 12/TB-UBND\n"
    assert parse_notice(text).notice.issuer == issuer


def test_an_article_without_a_header_block_names_no_issuer_from_its_body():
    text = "# Tin tức\nNgày 02/12/2025, UBND PHƯỜNG nhận được phản ánh của người dân về tiếng ồn.\n"
    assert parse_notice(text).notice.issuer is None
