"""Two notices of the ward of Phú Lâm written for the tests, each with what it assigns written out beside it
as data, and the ward's unit directory (ward_units.yaml).

- TB_52: a meeting conclusion in the plainest layout, numbered unit headings with dash bullets: deadlines
  ("trước ngày 12/6/2026", "trong tháng 7/2026"), weekly and "định kỳ" reports, a task with no deadline,
  and a unit missing from the directory (Ban Quản lý chợ Phú Lâm).
- KH_118: a plan with inline "Giao … chủ trì, phối hợp …" paragraphs and an appendix table with lead and
  coordinating units, a group ("Các tổ dân phố") and the same missing unit.

Reminder, digest and crash tests store these lists through the repositories, so no parser change can
change their world. The few flow tests that upload a notice compare what the bot read with the same lists:
those test the parser, on standard layouts. Edit a notice and its list together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARD_UNITS_FILE = HERE / "ward_units.yaml"

OFFICE = "Văn phòng HĐND và UBND phường"
ECONOMY = "Phòng Kinh tế, Hạ tầng và Đô thị"
CULTURE = "Phòng Văn hóa - Xã hội"
SERVICE_CENTRE = "Trung tâm Phục vụ hành chính công phường"
POLICE = "Công an phường"
MILITARY = "Ban Chỉ huy Quân sự phường"
TDP_1, TDP_2, TDP_3 = "Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3"
# In the notices, not in ward_units.yaml: the office maps it or creates it in the preview.
MARKET = "Ban Quản lý chợ Phú Lâm"
WARD_UNITS = (OFFICE, ECONOMY, CULTURE, SERVICE_CENTRE, POLICE, MILITARY, TDP_1, TDP_2, TDP_3)


@dataclass(frozen=True)
class ExpectedTask:
    """One task as a careful reader of the notice would write it down."""

    text: str
    lead: tuple[str, ...]
    coordinators: tuple[str, ...] = ()
    deadline: date | None = None
    recurrence: str | None = None  # a bot.parser.models.Recurrence value

    @property
    def units(self) -> tuple[str, ...]:
        return self.lead + self.coordinators


@dataclass(frozen=True)
class WrittenNotice:
    file_name: str
    number: str
    kind: str  # a bot.parser.models.NoticeKind value
    title: str
    issued_on: date
    meeting_on: date | None
    tasks: tuple[ExpectedTask, ...]
    issuer: str = "UBND phường Phú Lâm"

    @property
    def path(self) -> Path:
        return HERE / self.file_name

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def unknown_units(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for t in self.tasks for n in t.units if n not in WARD_UNITS))

    def units(self) -> tuple[str, ...]:
        """Every unit named, leads and coordinators, in order of first mention."""
        return tuple(dict.fromkeys(n for t in self.tasks for n in t.units))

    def tasks_for(self, *units: str) -> list[ExpectedTask]:
        """The tasks a message to these units holds (as lead or coordinator), in notice order."""
        return [t for t in self.tasks if set(units) & set(t.units)]

    def earliest(self) -> ExpectedTask:
        """The first task with the earliest deadline."""
        return min((t for t in self.tasks if t.deadline), key=lambda t: t.deadline or date.max)


TB_52 = WrittenNotice(
    file_name="tb-52-ket-luan-phien-hop-thang-6.txt",
    number="52/TB-UBND",
    kind="conclusion",
    title="Kết luận của Chủ tịch Ủy ban nhân dân phường tại phiên họp thường kỳ tháng 6 năm 2026",
    issued_on=date(2026, 6, 3),
    meeting_on=date(2026, 6, 3),
    tasks=(
        ExpectedTask(
            "Chủ trì tổng hợp kết quả tiếp nhận, giải quyết đơn thư từ đầu năm đến hết tháng 5/2026, báo cáo "
            "Chủ tịch Ủy ban nhân dân phường trước ngày 30/6/2026.",
            (OFFICE,), deadline=date(2026, 6, 30)),
        ExpectedTask(
            "Theo dõi, đôn đốc các cơ quan, đơn vị thực hiện các nhiệm vụ tại Thông báo này; định kỳ báo cáo "
            "kết quả về Chủ tịch Ủy ban nhân dân phường.",
            (OFFICE,), recurrence="periodic"),
        ExpectedTask(
            "Tổ chức Hội nghị tuyên dương giáo viên, học sinh tiêu biểu năm học 2025 - 2026, hoàn thành "
            "trước ngày 12/6/2026.",
            (CULTURE,), deadline=date(2026, 6, 12)),
        ExpectedTask(
            "Rà soát, tổng hợp danh sách đối tượng bảo trợ xã hội đủ điều kiện hưởng trợ cấp, hoàn thành "
            "trước ngày 12/6/2026.",
            (CULTURE,), deadline=date(2026, 6, 12)),
        ExpectedTask(
            "Hướng dẫn người dân nộp hồ sơ trực tuyến thủ tục đăng ký khai sinh, khai tử; hoàn thành trước "
            "ngày 12/6/2026.",
            (CULTURE,), deadline=date(2026, 6, 12)),
        ExpectedTask(
            "Báo cáo hằng tuần tình hình chi trả trợ cấp xã hội qua tài khoản về Ủy ban nhân dân phường.",
            (CULTURE,), recurrence="weekly"),
        ExpectedTask(
            "Ra quân xử lý các trường hợp lấn chiếm vỉa hè, lòng đường trên tuyến đường Nguyễn Trãi; hoàn "
            "thành trước ngày 19/6/2026.",
            (ECONOMY,), deadline=date(2026, 6, 19)),
        ExpectedTask(
            "Đôn đốc nhà thầu đẩy nhanh tiến độ cải tạo hệ thống thoát nước khu vực chợ Phú Lâm, bảo đảm "
            "hoàn thành trong tháng 7/2026.",
            (ECONOMY,), deadline=date(2026, 7, 31)),
        ExpectedTask(
            "Hằng tuần báo cáo tiến độ thi công các công trình xây dựng cơ bản trên địa bàn về Ủy ban nhân "
            "dân phường.",
            (ECONOMY,), recurrence="weekly"),
        ExpectedTask(
            "Tăng cường tuần tra, kiểm soát, bảo đảm an ninh trật tự tại khu vực chợ và các tuyến đường "
            "trung tâm.",
            (POLICE,)),
        ExpectedTask(
            "Xây dựng phương án bảo đảm an ninh, trật tự dịp lễ Quốc khánh; hoàn thành trước ngày 15/7/2026.",
            (POLICE,), deadline=date(2026, 7, 15)),
        ExpectedTask(
            "Niêm yết công khai quy trình giải quyết thủ tục hành chính mới được công bố tại trụ sở và trên "
            "trang thông tin điện tử của phường, hoàn thành trước ngày 15/6/2026.",
            (SERVICE_CENTRE,), deadline=date(2026, 6, 15)),
        ExpectedTask(
            "Sắp xếp lại khu vực kinh doanh tạm quanh chợ, không để lấn chiếm lối đi; hoàn thành trước ngày "
            "30/6/2026.",
            (MARKET,), deadline=date(2026, 6, 30)),
    ),
)

KH_118 = WrittenNotice(
    file_name="kh-118-hoat-dong-he-2026.txt",
    number="118/KH-UBND",
    kind="plan",
    title="Tổ chức các hoạt động hè và phòng, chống đuối nước cho trẻ em trên địa bàn phường năm 2026",
    issued_on=date(2026, 6, 2),
    meeting_on=None,
    tasks=(
        ExpectedTask(
            "Giao Phòng Văn hóa - Xã hội chủ trì, phối hợp với Trung tâm Phục vụ hành chính công phường tổ "
            "chức các hoạt động vui chơi, giải trí cho thiếu nhi trong dịp hè; tổng hợp, báo cáo kết quả về "
            "Ủy ban nhân dân phường trước ngày 20/8/2026.",
            (CULTURE,), (SERVICE_CENTRE,), deadline=date(2026, 8, 20)),
        ExpectedTask(
            "Giao Công an phường chủ trì, phối hợp với Ban Chỉ huy Quân sự phường kiểm tra, cắm biển cảnh "
            "báo tại các khu vực ao, hồ, kênh rạch có nguy cơ đuối nước; hoàn thành trước ngày 30/6/2026.",
            (POLICE,), (MILITARY,), deadline=date(2026, 6, 30)),
        ExpectedTask(
            "Giao Tổ dân phố số 1, Tổ dân phố số 2 và Tổ dân phố số 3 rà soát, lập danh sách trẻ em trong độ "
            "tuổi đi học trên địa bàn, báo cáo Ủy ban nhân dân phường trước ngày 19/6/2026.",
            (TDP_1, TDP_2, TDP_3), deadline=date(2026, 6, 19)),
        ExpectedTask("Tổ chức lớp dạy bơi miễn phí cho trẻ em từ 8 đến 15 tuổi",
                     (CULTURE,), (MILITARY,), deadline=date(2026, 7, 31)),
        ExpectedTask("Tuyên truyền kỹ năng phòng, chống đuối nước trên hệ thống truyền thanh của phường",
                     (OFFICE,), recurrence="weekly"),
        ExpectedTask("Kiểm tra an toàn các điểm vui chơi, hồ bơi trên địa bàn phường",
                     (ECONOMY,), (POLICE,), deadline=date(2026, 7, 10)),
        ExpectedTask("Vận động các hộ gia đình có ao, hồ rào chắn, cắm biển cảnh báo",
                     (MARKET,), (TDP_1, TDP_2, TDP_3), deadline=date(2026, 6, 30)),
    ),
)

NOTICES = (TB_52, KH_118)
