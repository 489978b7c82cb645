"""The opening of a commune's conclusion notice (issuer, number, date, title), written for the tests: the
snippets that only need their body parsed put it first, so the issue date gives year-less dates a year."""

HEAD = """ỦY BAN NHÂN DÂN
XÃ HÒA BÌNH
Số: 41/TB-UBND
Hòa Bình, ngày 05 tháng 6 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 6 năm 2026

"""
