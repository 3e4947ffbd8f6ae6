"""The server's settings: environment (LOANDESK_SERVER_*) over the data dir's server.env.

They refuse, in words, what would be unsafe to serve: a placeholder or short
secret, and plain HTTP on anything but a loopback address.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any, Self

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from server.errors import SettingsError
from server.tls import SERVER_CERT, SERVER_KEY

ENV_FILE = "server.env"
ENV_PREFIX = "LOANDESK_SERVER_"
DB_FILE = "server.db"
MIN_SECRET_BYTES = 32
#: Words that mark a secret as copied from an example rather than made for this server.
_PLACEHOLDERS = (
    "changeme",
    "change_me",
    "change-me",
    "changethis",
    "placeholder",
    "secret",
    "password",
    "example",
    "default",
)


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (no one else can connect to it)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def secret_problem(value: str) -> str | None:
    """Why ``value`` is no secret (placeholder, too short, too plain), or None."""
    lowered = value.strip().lower()
    if not lowered:
        return "it is empty"
    for word in _PLACEHOLDERS:
        if word in lowered:
            return f"it contains {word!r}, which marks a placeholder"
    if len(value.encode("utf-8")) < MIN_SECRET_BYTES:
        return f"it is shorter than {MIN_SECRET_BYTES} bytes"
    if len(set(value)) < 8:
        return "it has fewer than 8 different characters"
    return None


class ServerSettings(BaseSettings):
    """Everything ``serve`` needs; made by ``load`` so that refusals read as sentences."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="ignore", hide_input_in_errors=True
    )

    data_dir: Path
    #: SQLAlchemy URL; empty means the SQLite file ``server.db`` in the data dir
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = Field(default=8470, ge=0, le=65535)
    #: default: the data dir's server.pem and server-key.pem, made by `init`
    tls_cert: Path | None = None
    tls_key: Path | None = None
    #: keys the hashes of device tokens and enrolment codes
    secret: SecretStr
    #: the most events one push may carry
    max_batch: int = Field(default=500, ge=1, le=10_000)
    #: the largest request body, in bytes
    max_body_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    #: the largest blob (a scanned document or page image), in bytes
    max_blob_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)

    @field_validator("secret")
    @classmethod
    def _real_secret(cls, value: SecretStr) -> SecretStr:
        problem = secret_problem(value.get_secret_value())
        if problem is not None:
            raise ValueError(
                f"{ENV_PREFIX}SECRET cannot be used: {problem}. Run `loandesk-server init` "
                f"to write a random one, or set at least {MIN_SECRET_BYTES} random bytes"
            )
        return value

    @model_validator(mode="before")
    @classmethod
    def _certificate_from_init(cls, values: Any) -> Any:
        """The certificate `init` made, unless the settings name another (or None: plain HTTP)."""
        if not isinstance(values, dict) or "tls_cert" in values or "tls_key" in values:
            return values
        data_dir = values.get("data_dir")
        if data_dir is None:
            return values
        cert, key = Path(data_dir) / SERVER_CERT, Path(data_dir) / SERVER_KEY
        if cert.is_file() and key.is_file():
            return {**values, "tls_cert": cert, "tls_key": key}
        return values

    @model_validator(mode="after")
    def _tls_off_loopback(self) -> Self:
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError(
                "TLS needs both LOANDESK_SERVER_TLS_CERT and LOANDESK_SERVER_TLS_KEY, not one"
            )
        for path in (self.tls_cert, self.tls_key):
            if path is not None and not path.is_file():
                raise ValueError(f"the TLS file {path} does not exist")
        if self.tls_cert is None and not is_loopback(self.host):
            raise ValueError(
                f"plain HTTP is only served on a loopback address, and {self.host!r} is not "
                "one: serve the certificate `loandesk-server init` makes (without "
                "--insecure-http), give LOANDESK_SERVER_TLS_CERT and LOANDESK_SERVER_TLS_KEY, "
                "or serve on 127.0.0.1"
            )
        return self

    @property
    def url(self) -> str:
        """The database URL in force (the default SQLite file when none was given)."""
        return self.database_url or f"sqlite+pysqlite:///{self.data_dir / DB_FILE}"

    @property
    def tls(self) -> bool:
        return self.tls_cert is not None


def load(data_dir: Path, *, plain_http: bool = False, **overrides: object) -> ServerSettings:
    """The settings for ``data_dir``: arguments, then the environment, then its server.env.

    ``plain_http`` drops any certificate, for development on a loopback address.
    """
    if plain_http:
        overrides = {**overrides, "tls_cert": None, "tls_key": None}
    try:
        return ServerSettings(
            _env_file=data_dir / ENV_FILE,
            data_dir=data_dir,
            **overrides,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        raise SettingsError(_sentences(exc)) from None


def _sentences(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        message = str(error["msg"]).removeprefix("Value error, ")
        field = ".".join(str(part) for part in error["loc"])
        if error["type"] == "missing":
            message = f"{ENV_PREFIX}{field.upper()} is not set"
        elif field and error["type"] != "value_error":
            message = f"{ENV_PREFIX}{field.upper()}: {message}"
        lines.append(message[:1].upper() + message[1:] + ".")
    return "The server cannot start: " + " ".join(lines)
