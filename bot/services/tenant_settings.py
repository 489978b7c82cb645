"""A tenant's policy: the process settings' reminder policy, digest schedules and monthly report day,
with the tenant's own overrides (tenants.settings) merged over them. Everything else (token, database,
send rates, time zone) is the deployment's."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from bot.config import DigestSettings, ReminderPolicy, Settings
from storage.models import Tenant

OVERRIDABLE = ("reminders", "digests", "monthly_report_day")


class TenantSettingsError(ValueError):
    """Overrides that do not make a valid policy (a wrong key or value)."""


def _merged(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in overrides.items():
        nested = isinstance(value, dict) and isinstance(merged.get(key), dict)
        merged[key] = _merged(merged[key], value) if nested else value
    return merged


def tenant_settings(settings: Settings, tenant: Tenant) -> Settings:
    """`settings` as they apply to `tenant`; the same object when it overrides nothing."""
    overrides = tenant.settings
    if not overrides:
        return settings
    unknown = set(overrides) - set(OVERRIDABLE)
    if unknown:
        raise TenantSettingsError(f"not a tenant setting: {', '.join(sorted(unknown))}")
    try:
        update: dict[str, Any] = {}
        if "reminders" in overrides:
            update["reminders"] = ReminderPolicy.model_validate(
                _merged(settings.reminders.model_dump(), overrides["reminders"]))
        if "digests" in overrides:
            update["digests"] = DigestSettings.model_validate(
                _merged(settings.digests.model_dump(), overrides["digests"]))
        if "monthly_report_day" in overrides:
            day = int(overrides["monthly_report_day"])
            if not 1 <= day <= 28:
                raise TenantSettingsError("monthly_report_day must be 1–28")
            update["monthly_report_day"] = day
    except (ValidationError, TypeError, ValueError) as error:
        raise TenantSettingsError(str(error)) from error
    return settings.model_copy(update=update)
