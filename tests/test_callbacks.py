import pytest

from bot.callbacks import Action, make, parse


def test_button_data_round_trips_and_fits_telegram_limit():
    data = make(Action.map_unit, 999_999_999_999, 12, 999_999_999_999)
    assert len(data.encode()) <= 64
    decoded = parse(data)
    assert decoded.action is Action.map_unit
    assert decoded.ids == (999_999_999_999, 12, 999_999_999_999)


@pytest.mark.parametrize(
    "forged", ["", "ack", "zzz:1", "ack:-1", "ack:1:2:3:4", "ack:1;DROP", "done:abc", "x" * 80, None]
)
def test_forged_or_malformed_button_data_is_rejected(forged):
    assert parse(forged) is None
