"""Where the shared data lives: `shared/` beside the repository, as in CI (override: DONDOC_SHARED_DIR)."""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DONDOC_SHARED_DIR", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
WARD_NOTICE = SEEDS / "003_c3867da4f4a00536.txt"
