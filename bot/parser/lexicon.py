"""Vietnamese administrative vocabulary the parser relies on: unit-type words and task verbs.

Kept apart from the logic so that adding a word met in a new notice touches one list.
"""

from __future__ import annotations

# Capitalised words that open a unit name, as regex fragments with what must not follow
# ("Ban hành" is a verb, "Phòng, chống" a topic, "Báo cáo" a report).
# fmt: off
TYPE_WORDS = [
    "Phòng(?!,|\\s+(?:chống|cháy|ngừa|tránh|chữa))", "Ban(?!\\s+hành)", "Sở",
    "Bộ(?!\\s+(?:phận|máy|tiêu chí|hồ sơ|mặt))", "Trung tâm", "UBND", "Ủy ban", "Uỷ ban", "UB", "Công an",
    "Đội(?!\\s+ngũ)", "Chi cục", "Cục", "Tổng cục", "Văn phòng", "VP", "Hội(?!\\s+(?:nghị|thảo|thi|diễn))",
    "Hiệp hội", "Đoàn(?!\\s+kết)", "Liên đoàn", "Liên minh", "Thanh tra", "Trạm", "Chủ tịch",
    "Phó Chủ tịch", "Thủ trưởng", "Giám đốc", "Bí thư", "Thành viên", "Cấp ủy", "Cấp uỷ", "Công ty",
    "Tổng công ty", "Xí nghiệp", "Báo(?!\\s+cáo)", "Đài", "Trường(?!\\s+hợp)", "Bệnh viện", "Quân sự",
    "Kho bạc", "Bảo hiểm xã hội", "Ngân hàng", "Tòa án", "Viện kiểm sát", "Chi nhánh", "Thuế", "UBMTTQ",
    "MTTQ", "HĐND", "Hội đồng", "Quận ủy", "Quận uỷ", "Đảng ủy", "Đảng uỷ", "Tỉnh ủy", "Thành ủy",
    "Huyện ủy", "Thường trực", "Cơ quan", "Người đứng đầu", "Tổ công tác", "Tổ dân phố", "Hạt", "Kiểm lâm",
    "Lực lượng", "Bộ Chỉ huy", "Ban Chỉ huy", "BCH", "Ủy viên", "Thống đốc", "Bộ trưởng",
    "Trưởng (?:ban|phòng|Ban|Phòng|Công an|thôn|ấp|bản|buôn|khu phố|tổ dân phố)",
    "Cảnh sát", "Điện lực", "Nhà máy", "Tập đoàn", "Chánh",
    "Chủ đầu tư", "Đơn vị", "TTYT", "Ủy ban nhân dân", "Chi bộ", "Đảng bộ", "Mặt trận", "Tổng Công ty",
    "Đồng chí", "đồng chí", "Thứ trưởng", "Phó Giám đốc", "Phó Trưởng", "Cổng Thông tin", "Cổng thông tin",
    "Ngành(?=\\s+[A-ZĐ])", "Bộ phận(?=\\s+[A-ZĐ])", "[Cc]ông chức(?=\\s+[A-ZĐ])",
]

# Words that begin the action after a sentence subject ("Sở Y tế chủ trì …"). A verb missing here
# makes "Giao X <verb> …" lose the end of its unit list.
VERBS = (
    "chủ trì", "phối hợp", "căn cứ", "quán triệt", "tham mưu", "giúp", "theo dõi", "khẩn trương",
    "tiếp tục", "chỉ đạo", "thực hiện", "có trách nhiệm", "chịu trách nhiệm", "tổ chức", "xây dựng",
    "rà soát", "triển khai", "nghiên cứu", "hướng dẫn", "tăng cường", "theo lĩnh vực", "đẩy mạnh",
    "kiểm tra", "lập", "hoàn thành", "hoàn thiện", "phê duyệt", "báo cáo", "cập nhật", "ưu tiên",
    "chủ động", "trên cơ sở", "kịp thời", "đôn đốc", "tập trung", "bố trí", "nâng cao", "kiện toàn",
    "tuyên truyền", "vận động", "phát huy", "quan tâm", "thông báo", "giám sát", "hỗ trợ", "cung cấp",
    "xem xét", "nghiêm túc", "khẩn cấp", "cần", "phải", "sớm", "làm việc", "đề xuất", "bảo đảm", "đảm bảo",
    "treo", "lựa chọn", "tổng hợp", "ban hành", "xử lý", "duy trì", "sử dụng", "tiến hành",
    "theo chức năng", "là cơ quan", "có kế hoạch", "lãnh đạo", "vận hành", "huy động", "bám sát", "đầu tư",
    "giải quyết", "kiểm soát", "khắc phục", "bàn giao", "thu hồi", "chi trả", "điều chỉnh", "thống kê",
    "thẩm định", "tiếp nhận", "tổng kết", "sơ kết", "đánh giá", "hoàn tất", "thành lập", "chuẩn bị",
    "phân công", "công khai", "đẩy nhanh", "thúc đẩy", "phát động", "sắp xếp", "tham gia", "lắp đặt",
    "cải tạo", "sửa chữa", "di dời", "giải tỏa", "cưỡng chế", "xử phạt", "kiểm kê", "thẩm tra",
    "phân loại", "thu gom", "vận chuyển", "đăng ký", "số hóa", "tập huấn", "bồi dưỡng", "khảo sát",
    "trả lời", "giải trình", "cho ý kiến", "mở", "gửi", "nộp", "đề nghị", "yêu cầu", "quản lý",
    "thanh tra", "đào tạo", "rà soát lại", "phục hồi", "khôi phục", "phê bình", "chấn chỉnh",
    "có ý kiến", "có văn bản", "phổ biến",
    # More predicates of administrative Vietnamese, so that an unknown name is cut at its verb less
    # often (the unit directory and the name's own shape are the first guides; see units.py).
    "phấn đấu", "chấp hành", "niêm yết", "đối chiếu", "ra quân", "cử", "bổ sung", "tích cực", "thường xuyên",
    "hạn chế", "ngăn chặn", "phát hiện", "xác định", "xác minh", "lấy ý kiến", "đăng tải", "công bố",
    "dự thảo", "soạn thảo", "phát hành", "cấp phát", "phân bổ", "dọn dẹp", "nạo vét", "khơi thông", "gia cố",
    "nâng cấp", "mua sắm", "kiểm đếm", "đo đạc", "chỉnh lý", "đồng bộ", "kết nối", "chia sẻ", "bảo quản",
    "lưu trữ", "giải ngân", "thanh toán", "quyết toán", "nghiệm thu", "nắm bắt", "kiến nghị", "phản ánh",
    "tạo điều kiện", "chú trọng", "sẵn sàng", "tạm dừng", "sơ tán", "ứng phó", "tháo gỡ", "làm rõ",
    "tuân thủ", "điều tiết", "điều phối", "cung ứng", "duy tu", "thăm hỏi", "khen thưởng", "phân tích",
    "cảnh báo", "xét duyệt", "cân đối", "thí điểm", "nhân rộng", "lồng ghép", "tiêm", "tiêm phòng",
    "hoàn trả", "tiếp thu", "vận dụng", "kêu gọi", "tập hợp", "động viên", "củng cố", "đề ra", "tiến tới",
    "tổ chức thực hiện", "thực hiện tốt", "được giao",
    # What a unit is rather than does ("chịu sự chỉ đạo của …", "có chức năng tham mưu …"): they end
    # its name so that the statement is seen for what it is.
    "chịu sự", "có chức năng",
    "lấy mẫu", "xét nghiệm", "phun", "tiêu độc",
)

# Verbs that open an order but also occur inside names or noun phrases ("Ban Chỉ đạo giảm nghèo", "Quỹ
# Bảo vệ môi trường"): they mark the start of an item or a sentence ("Phát triển vùng nguyên liệu …"),
# never the end of a unit name, so they stay out of VERBS.
# fmt: off
OPENING_VERBS = (
    "phát triển", "đổi mới", "giữ vững", "giữ gìn", "làm tốt", "siết chặt", "kiên quyết", "chăm lo",
    "ứng dụng", "thu hút", "tận dụng", "đưa", "giảm", "tăng", "phòng ngừa", "đấu tranh", "làm", "nắm chắc",
    "nhanh chóng", "quyết liệt", "đa dạng hóa", "mở rộng", "cải thiện", "cải cách", "xóa", "khai thác",
    "bảo vệ", "phòng chống", "phòng, chống", "tiết kiệm", "ngăn ngừa", "thống nhất", "dừng", "chuyển",
    "điều động", "thay thế", "công nhận", "khuyến khích", "vận hành", "nâng", "lấy", "tu sửa", "sửa",
    "ra soát", "chủ trương", "hướng tới", "gắn", "nhận", "trình", "tiếp", "quy định", "giao",
)
# fmt: on

# Verbs that also occur inside unit names ("Ban Quản lý dự án đầu tư xây dựng", "các tổ chức"):
# they end a unit list only after a word that can end a name.
NAME_VERBS = frozenset((
    "bảo đảm", "bồi thường", "cung cấp", "giám sát", "giải phóng", "hỗ trợ", "khai thác", "kiểm tra",
    "lãnh đạo", "mở", "phát triển", "quản lý", "sử dụng", "thanh tra", "thu gom", "tổ chức", "vận chuyển",
    "vận hành", "xây dựng", "xử lý", "đào tạo", "đánh giá", "đảm bảo", "đầu tư", "tiêm phòng", "điều phối",
    "cung ứng", "lưu trữ", "thanh toán", "kết nối", "điều tiết", "phân tích", "khen thưởng", "cảnh báo",
))
# fmt: on

# Second halves of department names joined by "và" ("Nông nghiệp và Môi trường"): in a list that
# names its type once ("Các sở: Tài chính, Xây dựng và Nội vụ") any other "và" separates two names.
# fmt: off
COMPOUND_TAILS = (
    "Môi trường", "Công nghệ", "Đào tạo", "Du lịch", "Xã hội", "Tôn giáo", "Thể thao", "Đầu tư",
    "Truyền thông", "Thông tin", "Đô thị", "Phát triển nông thôn", "Thương mại", "Dịch vụ", "Đời sống",
    "Kiến trúc", "Tìm kiếm cứu nạn", "Cứu nạn", "Thủy lợi", "Hải đảo", "Khoáng sản", "Nhà ở",
    "Xúc tiến", "Kỹ thuật", "Phát thanh", "Truyền hình",
)
# fmt: on
