"""The deployment files an office's IT person copies must be valid as shipped, and agree with each other.

There is no Docker engine (nor compose) on the development machines: the compose service's effective
environment is computed here from the files the way compose does it (image ENV < env_file <
environment), and the proxy profile is checked after uncommenting it as README tells the reader to.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from bot.cli import COMMANDS
from bot.config import Settings
from bot.exit_codes import ExitCode
from bot.heartbeat import MAX_AGE_SECONDS

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = ("dondoc.service", "dondoc-backup.service", "dondoc-backup.timer")
SERVICES = ("dondoc.service", "dondoc-backup.service")
TELEGRAM_WEBHOOK_PORTS = {443, 80, 88, 8443}
MAX_EXPOSURE = 5.0
needs_systemd_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed"
)


# --- reading the files ------------------------------------------------------------------------------------

def _unit(name: str) -> dict[str, list[str]]:
    """Every `Key=value` of a systemd unit, values in order (keys may repeat)."""
    settings: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def _env_file(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def _dockerfile() -> str:
    return (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")


def _image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for line in _dockerfile().splitlines():
        if line.startswith("ENV "):
            env.update(re.findall(r"(\w+)=(\S+)", line))
    return env


def _image_volumes() -> list[str]:
    found = re.search(r"^VOLUME\s+(\[.*\])", _dockerfile(), re.MULTILINE)
    return json.loads(found.group(1)) if found else []


def _uncommented(text: str, profile: str = "proxy") -> str:
    """The file as README says to edit it: every line between `# >>> profile` and `# <<< profile`
    loses its `# `."""
    out, inside = [], False
    for line in text.splitlines():
        marker = line.strip()
        if marker in (f"# >>> {profile}", f"# <<< {profile}"):
            inside = marker.startswith("# >>>")
            continue
        if inside:
            indent = len(line) - len(line.lstrip())
            assert line[indent:].startswith("# "), f"not commented inside the {profile} block: {line!r}"
            line = line[:indent] + line[indent + 2:]
        out.append(line)
    assert not inside, f"unterminated {profile} block"
    return "\n".join(out)


def _compose(proxy: bool) -> dict:
    text = (DEPLOY / "compose.yaml").read_text()
    return yaml.safe_load(_uncommented(text) if proxy else text)


def _interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} (an unset required variable fails the test)."""

    def one(match: re.Match[str]) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3)
        if variables.get(name):
            return variables[name]
        assert op != ":?", f"{name} is required: {arg}"
        return arg if op == ":-" else ""

    return re.sub(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}", one, str(value))


def _compose_env(service: dict, dotenv: dict[str, str]) -> dict[str, str]:
    """What the dondoc container sees: image ENV, overridden by env_file, overridden by environment."""
    env = dict(_image_env())
    env.update(dotenv)
    environment = service.get("environment") or {}
    env.update({key: _interpolate(value, dotenv) for key, value in environment.items()})
    return env


# An operator's deploy/.env: the example, filled in.
FILLED_IN = (
    (DEPLOY / ".env.example").read_text() + "\nDONDOC_TELEGRAM_TOKEN=1:x\nWEBHOOK_DOMAIN=bot.example.gov.vn\n"
)


# --- systemd ----------------------------------------------------------------------------------------------

@needs_systemd_analyze
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


@needs_systemd_analyze
@pytest.mark.parametrize("name", SERVICES)
def test_systemd_services_are_sandboxed(name):
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", str(DEPLOY / name)],
        capture_output=True, text=True, check=False,
    )
    found = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", result.stdout + result.stderr)
    assert found, result.stdout + result.stderr
    assert float(found.group(1)) <= MAX_EXPOSURE


def test_the_service_restarts_only_when_waiting_may_help():
    unit = _unit("dondoc.service")
    prevented = {int(code) for code in unit["RestartPreventExitStatus"][-1].split()}
    assert unit["Restart"] == ["on-failure"]
    # Every code that means "a person must change something" stops the restart loop; 1 is retried.
    assert prevented == {ExitCode.CONFIG, ExitCode.DATABASE}
    assert ExitCode.FAILURE not in prevented


@pytest.mark.parametrize("name", SERVICES)
def test_under_systemd_the_database_is_in_the_state_directory(name):
    unit = _unit(name)
    env = dict(value.split("=", 1) for value in unit.get("Environment", []))
    # systemd: EnvironmentFile= overrides Environment=; the operator's file starts as the example.
    assert unit["EnvironmentFile"] == ["/etc/dondoc/dondoc.env"]
    env.update(_env_file(FILLED_IN))
    state = Path("/var/lib") / unit["StateDirectory"][0]
    assert Path(env["DONDOC_DB_PATH"]).parent == state
    assert unit["UMask"] == ["0077"]
    assert "ReadWritePaths" not in unit  # ProtectSystem=strict leaves only the state directory writable


# --- Docker and compose -----------------------------------------------------------------------------------

@pytest.mark.parametrize("proxy", [False, True], ids=["polling", "proxy-profile"])
def test_in_compose_the_database_is_in_a_declared_volume(proxy):
    compose = _compose(proxy)
    service = compose["services"]["dondoc"]
    assert service["env_file"] == ".env"
    env = _compose_env(service, _env_file(FILLED_IN))

    db = Path(env["DONDOC_DB_PATH"])
    mounts = [volume.split(":") for volume in service["volumes"]]
    named = {target for source, target, *_ in mounts if source in compose["volumes"]}
    assert any(db.is_relative_to(target) for target in named), (db, named)
    assert any(db.is_relative_to(target) for target in _image_volumes())


def test_a_db_path_outside_the_volume_would_be_caught():
    # The check above is not vacuous: the example's old line put the database outside the volume.
    service = _compose(proxy=False)["services"]["dondoc"]
    env = _compose_env(service, {"DONDOC_DB_PATH": "/var/lib/dondoc/dondoc.sqlite3"})
    assert not any(Path(env["DONDOC_DB_PATH"]).is_relative_to(t) for t in _image_volumes())


def test_compose_builds_the_dockerfile():
    service = _compose(proxy=False)["services"]["dondoc"]
    assert service["build"]["dockerfile"] == "deploy/Dockerfile"
    assert (DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]).exists()


def test_dockerfile_runs_the_tested_install_script_as_non_root_with_a_cheap_healthcheck():
    text = _dockerfile()
    assert "deploy/install.sh" in text
    assert "USER dondoc" in text
    healthcheck = re.search(r"^HEALTHCHECK (.*?)\s+CMD (\[.*\])", text, re.MULTILINE)
    assert healthcheck, "no HEALTHCHECK"
    command = json.loads(healthcheck.group(2))
    assert command[0] == "dondoc" and command[1] in COMMANDS
    assert command[1] == "health"  # the heartbeat, not `db check` reading the whole database
    interval = int(re.search(r"--interval=(\d+)s", healthcheck.group(1)).group(1))
    assert interval < MAX_AGE_SECONDS  # a stopped bot is noticed within a few checks


def test_env_example_names_only_known_settings_and_leaves_the_db_path_to_the_install():
    known = {f"DONDOC_{name.upper()}" for name in Settings.model_fields}
    text = (DEPLOY / ".env.example").read_text()
    names = {
        line.lstrip("# ").split("=", 1)[0]
        for line in text.splitlines()
        if line.lstrip("# ").startswith("DONDOC_") and "=" in line
    }
    assert names and names <= known, names - known
    assert "DONDOC_DB_PATH" not in _env_file(text)


# --- webhook behind the reverse proxy --------------------------------------------------------------------

def _caddy_site() -> tuple[str, str, str]:
    """(site address, webhook path, upstream) as written in deploy/Caddyfile."""
    text = (DEPLOY / "Caddyfile").read_text()
    site = re.search(r"^(\S+) \{$", text, re.MULTILINE).group(1)
    path = re.search(r"^\s*handle (/\S*) \{$", text, re.MULTILINE).group(1)
    upstream = re.search(r"^\s*reverse_proxy (\S+)$", text, re.MULTILINE).group(1)
    return site, path, upstream


def test_the_proxy_profile_agrees_with_the_caddyfile_and_the_bots_webhook_settings(monkeypatch):
    compose = _compose(proxy=True)
    dotenv = _env_file(FILLED_IN)
    dondoc, caddy = compose["services"]["dondoc"], compose["services"]["caddy"]
    site, path, upstream = _caddy_site()
    env = _compose_env(dondoc, dotenv)
    for name in [n for n in env if n.startswith("DONDOC_")]:
        monkeypatch.setenv(name, env[name])
    settings = Settings(_env_file=None)  # the webhook settings as `dondoc run` reads them
    url = urlparse(settings.webhook_url)
    caddy_env = {key: _interpolate(value, dotenv) for key, value in caddy["environment"].items()}

    assert caddy["profiles"] == ["proxy"] and dondoc["profiles"] == ["office"]
    # Caddy serves the site named by WEBHOOK_DOMAIN, the host of the URL the bot registers with Telegram.
    assert site == "{$WEBHOOK_DOMAIN}" and url.hostname == caddy_env["WEBHOOK_DOMAIN"]
    assert url.scheme == "https" and url.port is None  # 443
    assert url.path == path
    # Caddy forwards to where the bot listens: the dondoc service on its webhook port, on every address.
    assert caddy_env["DONDOC_UPSTREAM"] == f"dondoc:{settings.webhook_port}"
    assert settings.webhook_listen == "0.0.0.0"
    # Without the compose variable, the default upstream is a host install's bot on its default port.
    assert upstream == f"{{$DONDOC_UPSTREAM:127.0.0.1:{Settings.model_fields['webhook_port'].default}}}"
    published = {int(port.split(":")[0]) for port in caddy["ports"]}
    assert 443 in published and published <= TELEGRAM_WEBHOOK_PORTS
    sources = [volume.split(":")[0] for volume in caddy["volumes"]]
    assert (DEPLOY / "Caddyfile").resolve() == (DEPLOY / sources[0]).resolve()
    assert all(source in compose["volumes"] for source in sources[1:])
    readme = (DEPLOY.parent / "README.md").read_text()
    assert f"https://{caddy_env['WEBHOOK_DOMAIN']}{path}" in readme  # what README tells the reader to set


def test_a_required_proxy_variable_left_unset_is_reported():
    dondoc = _compose(proxy=True)["services"]["dondoc"]
    with pytest.raises(AssertionError, match="WEBHOOK_DOMAIN is required"):
        _compose_env(dondoc, {})


@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy not installed")
def test_caddy_accepts_the_caddyfile_and_listens_only_on_a_port_telegram_posts_to(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "WEBHOOK_DOMAIN": "bot.example.gov.vn"}
    adapted = subprocess.run(
        ["caddy", "adapt", "--adapter", "caddyfile", "--config", str(DEPLOY / "Caddyfile")],
        capture_output=True, text=True, check=False, env=env, cwd=tmp_path,
    )
    assert adapted.returncode == 0, adapted.stderr
    servers = json.loads(adapted.stdout)["apps"]["http"]["servers"].values()
    ports = {int(address.rsplit(":", 1)[1]) for server in servers for address in server["listen"]}
    assert ports == {443}
    assert '"path":["/telegram"]' in adapted.stdout.replace(" ", "")


# --- a province: the postgres profile ---------------------------------------------------------------------

PROVINCE = FILLED_IN + "\nCOMPOSE_PROFILES=postgres\nPOSTGRES_PASSWORD=s3cret\n"


def test_the_example_starts_one_office_bot_and_never_the_province_beside_it():
    services = _compose(proxy=False)["services"]
    profiles = _env_file((DEPLOY / ".env.example").read_text())["COMPOSE_PROFILES"].split(",")
    started = [name for name, service in services.items() if set(service["profiles"]) & set(profiles)]
    assert started == ["dondoc"]
    province = _env_file(PROVINCE)["COMPOSE_PROFILES"].split(",")
    started = {name for name, service in services.items() if set(service["profiles"]) & set(province)}
    assert started == {"postgres", "worker-1", "worker-2", "balancer"}  # the polling office bot stays off


def test_province_workers_share_the_postgres_service_and_sit_behind_the_balancer():
    services = _compose(proxy=False)["services"]
    dotenv = _env_file(PROVINCE)
    database = services["postgres"]["environment"]
    workers = [services["worker-1"], services["worker-2"]]
    envs = [_compose_env(worker, dotenv) for worker in workers]
    assert envs[0] == envs[1]  # same token, webhook secret and database: one deployment
    url = urlparse(envs[0]["DONDOC_DATABASE_URL"])
    assert url.scheme == "postgresql" and url.hostname == "postgres" and url.port == 5432
    assert url.username == database["POSTGRES_USER"] and url.path == "/" + database["POSTGRES_DB"]
    assert url.password == _interpolate(database["POSTGRES_PASSWORD"], dotenv) == "s3cret"
    assert all(worker["depends_on"]["postgres"]["condition"] == "service_healthy" for worker in workers)
    # Each worker has its own /data (heartbeat), so a shared file never makes a dead worker look alive.
    assert workers[0]["volumes"] != workers[1]["volumes"]
    # ... but one reports/ folder: a file one worker wrote for an outbox row, the other may send.
    reports = str(Path(envs[0]["DONDOC_DB_PATH"]).parent / "reports")
    mounts = [[volume.split(":") for volume in worker["volumes"]] for worker in workers]
    shared = [{source for source, target, *_ in mounted if target == reports} for mounted in mounts]
    assert shared[0] == shared[1] == {"reports"} and "reports" in _compose(proxy=False)["volumes"]
    balancer = services["balancer"]
    upstreams = _interpolate(balancer["environment"]["DONDOC_UPSTREAM"], dotenv).split()
    port = envs[0]["DONDOC_WEBHOOK_PORT"]
    assert upstreams == [f"worker-1:{port}", f"worker-2:{port}"]
    assert envs[0]["DONDOC_WEBHOOK_LISTEN"] == "0.0.0.0"
    assert urlparse(envs[0]["DONDOC_WEBHOOK_URL"]).hostname == dotenv["WEBHOOK_DOMAIN"]
    site, _, _ = _caddy_site()
    assert site == "{$WEBHOOK_DOMAIN}" and (DEPLOY / balancer["volumes"][0].split(":")[0]).name == "Caddyfile"


def test_the_province_profile_needs_a_database_password():
    worker = _compose(proxy=False)["services"]["worker-1"]
    with pytest.raises(AssertionError, match="POSTGRES_PASSWORD is required"):
        _compose_env(worker, _env_file(FILLED_IN))
