"""Settings read once at start from the environment (prefix DONDOC_) or a .env file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "dondoc"


class MissingTokenError(RuntimeError):
    """Raised when a command that talks to Telegram is started without a token."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DONDOC_", env_file=".env", extra="ignore")

    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = "https://api.telegram.org/file/bot"
    db_path: Path = Field(default_factory=lambda: default_data_dir() / "dondoc.sqlite3")
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    timezone: str = "Asia/Ho_Chi_Minh"
    units_file: Path | None = None
    invite_ttl_hours: int = 72
    max_upload_bytes: int = 20 * 1024 * 1024

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

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def require_token(self) -> str:
        if self.telegram_token is None or not self.telegram_token.get_secret_value().strip():
            raise MissingTokenError("DONDOC_TELEGRAM_TOKEN is not set")
        return self.telegram_token.get_secret_value().strip()
