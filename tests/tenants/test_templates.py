"""Sample renders of the tenant messages: whole lines, a committee name full of HTML escaped, diacritics."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.outbox import with_tenant_line
from bot.testing.html_check import parse_html
from messages.render import TELEGRAM_LIMIT, render
from storage.models import OutboxMessage, Tenant

NAME = "UBND phường <b>Bạch Đằng</b> & Hải Châu"
ESCAPED = "UBND phường &lt;b&gt;Bạch Đằng&lt;/b&gt; &amp; Hải Châu"
STAMP = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


def _tenant(tenant_id: int = 2, name: str = NAME) -> Tenant:
    return Tenant(id=tenant_id, name=name, kind="ward", settings={}, created_at=STAMP, updated_at=STAMP)


def test_the_choice_the_pick_and_a_new_committee_read_as_whole_lines():
    assert render("tenants/choose.html.j2", tenants=[_tenant(1), _tenant(2)]).splitlines() == [
        "Đồng chí đang tham gia 2 Ủy ban. Vui lòng chọn Ủy ban mà các lệnh tiếp theo áp dụng:"]
    chosen = render("tenants/chosen.html.j2", tenant=_tenant())
    assert chosen.splitlines() == [
        f"Đã chọn: <b>{ESCAPED}</b>. Các lệnh tiếp theo trong cuộc trò chuyện này áp dụng cho Ủy ban này;"
        " đổi bằng /chonuyban."]
    added = render("tenants/added.html.j2", tenant=_tenant())
    assert added.startswith(f"Đã tạo <b>{ESCAPED}</b> (mã 2).")
    line = render("tenants/line.html.j2", name=NAME)
    for text in (chosen, added, render("tenants/add_usage.html.j2"), line):
        parse_html(text)  # valid Telegram HTML


def test_a_message_to_someone_in_several_committees_starts_with_its_name_unless_too_long():
    row = OutboxMessage(id=1, tenant_id=2, key="k", chat_id=5, kind="message", payload={"text": "Nội dung"},
                        status="pending", attempts=1, next_attempt_at=STAMP, last_error=None,
                        telegram_message_id=None, created_at=STAMP, sent_at=None, tenant_label=NAME)
    assert with_tenant_line(row)["text"] == f"🏛 <b>{ESCAPED}</b>\nNội dung"
    long = row.model_copy(update={"payload": {"text": "x" * (TELEGRAM_LIMIT - 5)}})
    assert with_tenant_line(long) == long.payload
    alone = row.model_copy(update={"tenant_label": None})
    assert with_tenant_line(alone) == alone.payload


def test_the_command_line_lists_and_refuses_in_vietnamese():
    listed = render("cli/tenant_list.txt.j2", tenants=[_tenant()], kinds={"ward": "phường"})
    assert listed.splitlines() == [f"2  {NAME} (phường, tạo ngày 03/12/2026)"]
    required = render("cli/tenant_required.txt.j2", tenants=[_tenant(1, "UBND An"), _tenant(2, "UBND Bình")])
    assert required.splitlines() == ["Hệ thống có 2 Ủy ban: cho biết Ủy ban bằng --tenant MÃ.",
                                     "  1  UBND An", "  2  UBND Bình"]
