"""Settings read once at start from the environment (prefix DONDOC_) or a .env file."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from storage.db import is_database_url


def default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "dondoc"


class MissingTokenError(RuntimeError):
    """Raised when a command that talks to Telegram is started without a token."""


class SettingsError(ValueError):
    """Settings that fail validation; `names` are the DONDOC_ variables at fault, as an operator sets them."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


def _split_csv(value: object) -> object:
    # "7,3,1" in the environment is friendlier than a JSON list.
    if isinstance(value, str):
        if value.lstrip().startswith("["):
            return json.loads(value)
        return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    return value


class ReminderPolicy(BaseModel):
    """When reminders go out. Every count of days below is in working days unless named `*_calendar_days`."""

    # Tiers before a deadline, in working days, plus a reminder on the morning of the due day.
    before_days: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [7, 3, 1])
    due_day: bool = True
    # Overdue: one reminder on each of the first `overdue_daily` working days after the deadline, then one
    # every `overdue_every` working days.
    overdue_daily: int = Field(default=3, ge=0)
    overdue_every: int = Field(default=3, ge=1)
    # The office (and the notice's leader) hears about an assignment once this many overdue reminders went
    # out for its current deadline; further escalations every `escalation_every` working days, at most
    # `escalation_max` per deadline.
    escalate_after: int = Field(default=3, ge=1)
    escalation_every: int = Field(default=5, ge=1)
    escalation_max: int = Field(default=3, ge=0)
    # Open assignments without a deadline or recurrence: a nudge after this many calendar days without
    # progress, and again every as many days.
    stale_after_calendar_days: int = Field(default=14, ge=1)
    # "Nhắc lại sau 1 ngày": holds reminders until the window opens `snooze_days` working days later.
    snooze_days: int = Field(default=1, ge=1)
    snooze_max: int = Field(default=2, ge=0)
    # A recurrence the notice calls "định kỳ" without saying how often.
    periodic_as: Literal["weekly", "monthly", "quarterly", "yearly"] = "monthly"
    # A daily report task is reminded once a week: a daily nag is what gets muted.
    daily_as: Literal["weekly", "monthly"] = "weekly"
    window_start: time = time(7, 30)
    window_end: time = time(17, 0)
    # Days off an admin fixes in the environment; the bot adds the ones stored in the database.
    extra_days_off: Annotated[list[date], NoDecode] = Field(default_factory=list)

    _split = field_validator("before_days", "extra_days_off", mode="before")(_split_csv)

    @field_validator("before_days")
    @classmethod
    def _positive_unique_tiers(cls, value: list[int]) -> list[int]:
        if any(days < 1 for days in value):
            raise ValueError("before_days must be positive working-day counts")
        return sorted(set(value), reverse=True)

    @model_validator(mode="after")
    def _window_not_empty(self) -> ReminderPolicy:
        if self.window_start >= self.window_end:
            raise ValueError("window_start must be before window_end")
        return self


class DigestSchedule(BaseModel):
    """A digest sent at `at` on each of `weekdays` (0 = Monday); a day off moves it to the next working
    day."""

    weekdays: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [0, 1, 2, 3, 4])
    at: time = time(7, 30)

    _split = field_validator("weekdays", mode="before")(_split_csv)

    @field_validator("weekdays")
    @classmethod
    def _valid_weekdays(cls, value: list[int]) -> list[int]:
        if not value or any(day < 0 or day > 6 for day in value):
            raise ValueError("weekdays are 0 (Monday) to 6 (Sunday), at least one")
        return sorted(set(value))


class WeeklyDigestSchedule(DigestSchedule):
    # Its own class so that setting only DONDOC_DIGESTS__LEADERS__AT keeps Monday as the day.
    weekdays: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [0])


class DigestSettings(BaseModel):
    # Leaders: Monday 07:30 weekly digest. Office: 07:30 every working day.
    leaders: WeeklyDigestSchedule = Field(default_factory=WeeklyDigestSchedule)
    office: DigestSchedule = Field(default_factory=DigestSchedule)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="DONDOC_", env_file=".env", extra="ignore", env_nested_delimiter="__"
    )

    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = "https://api.telegram.org/file/bot"
    db_path: Path = Field(default_factory=lambda: default_data_dir() / "dondoc.sqlite3")
    # postgresql://user:password@host:port/database (postgres:// too): a PostgreSQL server instead of the
    # SQLite file at db_path. db_path's folder still holds the local files (heartbeat, reports).
    database_url: str | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    timezone: str = "Asia/Ho_Chi_Minh"
    invite_ttl_hours: int = 72
    max_upload_bytes: int = 20 * 1024 * 1024
    reminders: ReminderPolicy = Field(default_factory=ReminderPolicy)
    digests: DigestSettings = Field(default_factory=DigestSettings)
    # The office's monthly report (xlsx + summary) to the office and the leaders: this day of the month,
    # moved back to the nearest working day, at the office digest's time.
    monthly_report_day: int = Field(default=25, ge=1, le=28)

    # Telegram transport (bot/app.py, bot/commands/run.py).
    log_level: str = "INFO"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: SecretStr | None = None
    # Telegram's limits: about 30 messages/s overall and 1 message/s per chat.
    send_rate_overall: float = 30.0
    send_rate_per_chat: float = 1.0
    outbox_interval_seconds: float = 3.0

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        # "123, 456" in the environment is friendlier than a JSON list.
        if isinstance(value, str):
            return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            return None
        if value is not None and not is_database_url(value.strip()):
            raise ValueError("a postgresql:// URL is expected")
        return None if value is None else value.strip()

    @property
    def database(self) -> str | Path:
        """What storage.db.open_database opens: the PostgreSQL URL when set, else the SQLite file."""
        return self.database_url or self.db_path

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except ZoneInfoNotFoundError as error:
            # A KeyError underneath: pydantic reports only ValueErrors as a bad setting.
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def require_token(self) -> str:
        if self.telegram_token is None or not self.telegram_token.get_secret_value().strip():
            raise MissingTokenError("DONDOC_TELEGRAM_TOKEN is not set")
        return self.telegram_token.get_secret_value().strip()


def load_settings() -> Settings:
    """Settings from the environment and .env; a bad value raises SettingsError naming its variables."""
    try:
        return Settings()
    except ValidationError as error:
        names = ["DONDOC_" + "__".join(str(part) for part in e["loc"]).upper() for e in error.errors()]
        raise SettingsError(list(dict.fromkeys(names))) from error
