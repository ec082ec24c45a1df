"""deploy/ holds what a team runs in production; docker cannot run here, so its files are
checked against the code they start (the nginx part runs for real in test_proxy.py)."""

import re
from pathlib import Path

from django.core.management import get_commands

import yaml

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def compose():
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_every_app_process_runs_a_command_waymark_has():
    services = compose()["services"]
    commands = {"web": None, "worker": "db_worker", "scheduler": "run_scheduler"}
    for name, command in commands.items():
        assert services[name]["build"] == ".."
        if command:
            assert services[name]["command"] == f"python manage.py {command}"
            assert command in get_commands()
    assert "migrate --noinput" in services["release"]["command"]
    assert services["release"]["profiles"] == ["release"]


def test_nginx_is_given_every_value_its_template_asks_for():
    template = (DEPLOY / "nginx/waymark.conf.template").read_text()
    asked = set(re.findall(r"\$\{(\w+)\}", template))
    nginx = compose()["services"]["nginx"]
    assert asked == set(nginx["environment"])
    assert "/etc/nginx/templates/waymark.conf.template" in nginx["volumes"][0]


def test_the_app_trusts_exactly_the_one_proxy_in_front():
    environment = compose()["services"]["web"]["environment"]
    assert environment["WAYMARK_PROXY_COUNT"] == "1"
    example = (DEPLOY / "example.env").read_text()
    for required in ("SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"):
        assert re.search(rf"^{required}=", example, re.MULTILINE)
