"""Settings, read from `IPOFFICE_*` environment variables or built from arguments in tests.

Every field is documented in `docs/settings.md`; a test keeps that table complete.
"""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ipoffice.core.passwords import LockoutPolicy


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPOFFICE_", extra="ignore")

    home: Path = Field(
        default=Path("./var"),
        description="Data directory: database file, indexes, uploads, calendar overrides.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL. Default: SQLite file `ipoffice.db` in IPOFFICE_HOME. "
        "PostgreSQL: `postgresql+psycopg://user:password@host:port/dbname`.",
    )
    cookie_secure: bool = Field(
        default=True,
        description="Send session and CSRF cookies with the Secure flag (browsers still accept "
        "them on http://127.0.0.1 and http://localhost).",
    )
    session_hours: int = Field(
        default=12, ge=1, le=24 * 30, description="Lifetime of a web login session in hours."
    )
    token_days: int = Field(
        default=90, ge=1, le=3650, description="Lifetime of an API bearer token in days."
    )
    login_max_failures: int = Field(
        default=5,
        ge=1,
        description="Failed logins allowed per username within the lockout window.",
    )
    login_lockout_minutes: int = Field(
        default=15, ge=1, description="Length of the window, and of the lockout, in minutes."
    )
    embedding_model: Literal["multilingual", "hashing"] = Field(
        default="multilingual",
        description="Sentence encoder of the semantic index: `multilingual` (Chinese and English "
        "model shipped in its package) or `hashing` (character n-gram hashing, no model; for "
        "tests and machines where the model cannot be loaded).",
    )
    max_body_bytes: int = Field(
        default=1_048_576,
        ge=1024,
        description="Largest request body accepted, in bytes; larger requests get 413.",
    )
    evidence_max_bytes: int = Field(
        default=50 * 1024 * 1024,
        ge=1024,
        description="Largest evidence file of a patent dispute case, in bytes; the upload "
        "endpoint accepts request bodies of this size (plus form overhead) whatever "
        "IPOFFICE_MAX_BODY_BYTES says.",
    )
    trademark_image_max_bytes: int = Field(
        default=1_000_000,
        ge=1024,
        description="Largest mark image accepted, in bytes (PNG or JPEG). The upload must also "
        "fit in IPOFFICE_MAX_BODY_BYTES.",
    )
    trademark_image_max_pixels: int = Field(
        default=16_000_000,
        ge=256,
        description="Largest mark image accepted, in pixels (width x height), checked from the "
        "header before any pixel is decoded: a guard against decompression bombs.",
    )

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'ipoffice.db').resolve()}"

    @property
    def lockout(self) -> LockoutPolicy:
        return LockoutPolicy(
            max_failures=self.login_max_failures,
            window=timedelta(minutes=self.login_lockout_minutes),
        )

    @property
    def calendar_dir(self) -> Path:
        """Where an office drops official holiday schedules for years the package lacks."""
        return self.home / "calendar"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
