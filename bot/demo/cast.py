"""Who takes part in the demo morning: Telegram ids, names and what they are in the ward."""

from __future__ import annotations

from dataclasses import dataclass

ECONOMY = "Phòng Kinh tế, Hạ tầng và Đô thị"
CULTURE = "Phòng Văn hóa - Xã hội"
POLICE = "Công an phường"
# The notice names a body the directory does not hold; the office maps it to the unit it belongs to.
UNKNOWN_UNIT = "Đội Quản lý trật tự đô thị phường"
UNKNOWN_UNIT_MAPS_TO = ECONOMY


@dataclass(frozen=True)
class Role:
    key: str
    telegram_id: int
    name: str
    role: str  # admin | office | chairman | vice_chairman | head
    unit: str | None = None


ADMIN = Role("admin", 7001, "Phạm Minh Tuấn", "admin")
OFFICE = Role("office", 7002, "Nguyễn Thị Hạnh", "office")
CHAIRMAN = Role("chairman", 7003, "Nguyễn Văn Hùng", "chairman")
VICE_CHAIRMAN = Role("vice_chairman", 7004, "Lê Thị Lan", "vice_chairman")
HEAD_ECONOMY = Role("head_economy", 7011, "Trần Văn Bình", "head", ECONOMY)
HEAD_CULTURE = Role("head_culture", 7012, "Lê Thị Mai", "head", CULTURE)
HEAD_POLICE = Role("head_police", 7013, "Võ Quốc Dũng", "head", POLICE)

CAST = (ADMIN, OFFICE, CHAIRMAN, VICE_CHAIRMAN, HEAD_ECONOMY, HEAD_CULTURE, HEAD_POLICE)
HEADS = (HEAD_ECONOMY, HEAD_CULTURE, HEAD_POLICE)
LEADERS = (CHAIRMAN, VICE_CHAIRMAN)
