"""Error bodies exactly as the real Bot API returns them, for the fake server to answer with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ApiError:
    status: int
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)
    # Seconds the fake waits before answering (to provoke client-side timeouts); 0 = answer at once.
    delay: float = 0.0

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body

    @classmethod
    def blocked(cls) -> ApiError:
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def chat_not_found(cls) -> ApiError:
        return cls(400, "Bad Request: chat not found")

    @classmethod
    def flood(cls, retry_after: int = 1) -> ApiError:
        return cls(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})

    @classmethod
    def bad_gateway(cls) -> ApiError:
        return cls(502, "Bad Gateway")

    @classmethod
    def migrated(cls, new_chat_id: int) -> ApiError:
        return cls(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            {"migrate_to_chat_id": new_chat_id},
        )

    @classmethod
    def bad_request(cls, reason: str) -> ApiError:
        return cls(400, f"Bad Request: {reason}")

    @classmethod
    def slow(cls, seconds: float) -> ApiError:
        """Not an error body: the call succeeds, but only after `seconds` (client sees TimedOut)."""
        return cls(200, "", delay=seconds)
