"""The deployment files an office's IT person copies must be valid as shipped."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = ("dondoc.service", "dondoc-backup.service", "dondoc-backup.timer")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_units_pass_verify(tmp_path):
    # verify also checks that ExecStart exists, so point it at an installed executable.
    for name in UNITS:
        text = (DEPLOY / name).read_text().replace("/opt/dondoc/bin/dondoc", sys.executable)
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / n) for n in UNITS)],
        capture_output=True, text=True, check=False,
    )
    problems = [line for line in result.stderr.splitlines() if "dondoc" in line]
    assert result.returncode == 0 and not problems, result.stderr


def test_service_does_not_restart_loop_on_missing_token():
    text = (DEPLOY / "dondoc.service").read_text()
    assert "Restart=on-failure" in text
    assert "RestartPreventExitStatus=2" in text


def test_compose_builds_the_dockerfile_and_keeps_data_in_a_volume():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    service = compose["services"]["dondoc"]
    assert service["build"]["dockerfile"] == "deploy/Dockerfile"
    assert any(v.endswith(":/data") for v in service["volumes"])
    assert (DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]).exists()


def test_dockerfile_runs_the_tested_install_script_as_non_root():
    text = (DEPLOY / "Dockerfile").read_text()
    assert "deploy/install.sh" in text
    assert "USER dondoc" in text
    assert "HEALTHCHECK" in text


def test_env_example_names_only_known_settings():
    from bot.config import Settings

    known = {f"DONDOC_{name.upper()}" for name in Settings.model_fields}
    names = {
        line.lstrip("# ").split("=", 1)[0]
        for line in (DEPLOY / ".env.example").read_text().splitlines()
        if line.lstrip("# ").startswith("DONDOC_") and "=" in line
    }
    assert names and names <= known, names - known
