from tests.reminders.sim import calendar, policy, sweeper

__all__ = ["calendar", "policy", "sweeper"]
