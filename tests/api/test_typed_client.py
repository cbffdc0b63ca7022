"""The typed client in clients/python is what the generator makes of today's schema.graphql and operations."""

from __future__ import annotations

import filecmp
import subprocess
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CLIENT = ROOT / "clients" / "python"
GENERATOR = ROOT / "var" / "codegen" / "bin" / "ariadne-codegen"


def generated_files(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.py"))}


def test_the_committed_client_is_what_make_client_generates(tmp_path: Path) -> None:
    assert GENERATOR.exists(), "the generator is missing: `make codegen` installs it into var/codegen"
    # given the client's own settings, with paths made absolute and the package written into a scratch folder
    settings_ = tomllib.loads((CLIENT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ariadne-codegen"]
    settings_ |= {
        "schema_path": str(ROOT / "schema.graphql"),
        "queries_path": str(CLIENT / "operations"),
        "target_package_path": str(tmp_path),
    }
    lines = ["[tool.ariadne-codegen]"] + [
        f"{key} = {_toml(value)}" for key, value in settings_.items() if key != "scalars"
    ]
    for scalar, mapping in settings_.get("scalars", {}).items():
        lines += [f"[tool.ariadne-codegen.scalars.{scalar}]"] + [f"{k} = {_toml(v)}" for k, v in mapping.items()]
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # when
    result = subprocess.run(
        [str(GENERATOR), "--config", "pyproject.toml"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    # then
    assert result.returncode == 0, result.stderr[-2000:]
    fresh, committed = tmp_path / settings_["target_package_name"], CLIENT / settings_["target_package_name"]
    stale = filecmp.dircmp(fresh, committed, ignore=["__pycache__"])
    assert generated_files(fresh) == generated_files(committed), (
        f"clients/python is stale ({stale.diff_files or stale.left_only or stale.right_only}): run `make schema`"
    )


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raise pytest.fail(f"unexpected setting {value!r} in clients/python/pyproject.toml")
