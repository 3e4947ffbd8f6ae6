"""The workstation's side of the branch server: enrolment, sending this device's events up.

The server's address, this device's token and the branch CA pinned at
enrolment live in the profile's encrypted database, never in a plain file.
Events go up in device order, in batches the server stores all or none of;
the workstation notes how far the server has acknowledged, so a line that
drops mid-push loses nothing and sends nothing twice that the server would
keep twice (a resend is a no-op there).

Pulling other workstations' events, conflicts and the background timer are
not here yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.events import Event
from app.domain.roles import Action
from app.errors import UserError
from app.services.profile import Profile

if TYPE_CHECKING:
    from app.sync.client import ServerClient

SERVER = "sync_server"
TOKEN = "sync_token"
#: the branch CA's certificate (PEM): the only CA this workstation trusts for the server
CA = "sync_ca"
#: the newest device_seq of this device the server has acknowledged
PUSHED = "sync_pushed_seq"
LAST_PUSH = "sync_last_push"
#: events a push sends at once (the server takes up to 500)
BATCH = 200


class NotEnrolled(UserError):
    code = "sync.not_enrolled"


@dataclass(frozen=True)
class SyncStatus:
    server: str | None
    #: this device's events the server has not acknowledged yet
    pending: int
    last_push_at: str | None

    @property
    def enrolled(self) -> bool:
        return self.server is not None


@dataclass(frozen=True)
class PushReport:
    sent: int
    #: the server's position of the last event it acknowledged (None: nothing sent)
    server_seq: int | None


class SyncService:
    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._store = profile.store

    def _signed_in(self) -> None:
        """Refuse, in words, when nobody is signed in."""
        _ = self._profile.actor

    def enrol(
        self,
        server_url: str,
        code: str,
        name: str,
        *,
        ca_pem: str | None = None,
        fingerprint: str | None = None,
    ) -> SyncStatus:
        """Register this workstation with the branch server using an admin's one-time code.

        Over HTTPS the branch CA is pinned: given as ``ca_pem`` (the server's
        ca.pem), or downloaded from the server and checked against the
        ``fingerprint`` its administrator read out. Nothing is stored unless
        the server then proves it holds a certificate from that CA.
        """
        self._profile.require(Action.DEVICE_MANAGE)
        # httpx and the TLS tools load with the first sync, not with the window.
        from app.sync.client import ServerClient, check_address

        address = check_address(server_url)
        pinned = self._ca_to_pin(address, ca_pem, fingerprint)
        with ServerClient(address, ca_pem=pinned) as client:
            client.health()
            token = client.enrol(code.strip(), self._profile.device_id, name.strip())
        with self._store.writing() as tx:
            tx.set_meta(SERVER, address)
            tx.set_meta(TOKEN, token)
            if pinned is not None:
                tx.set_meta(CA, pinned)
        return self.status()

    @staticmethod
    def _ca_to_pin(address: str, ca_pem: str | None, fingerprint: str | None) -> str | None:
        from app.sync.client import ca_certificates, download_ca, is_https

        if ca_pem is not None and fingerprint is not None:
            raise UserError(
                "Give the branch CA one way: its file or its fingerprint, not both.",
                code="sync.ca_twice",
            )
        if not is_https(address):
            if ca_pem is not None or fingerprint is not None:
                raise UserError(
                    "A server over plain HTTP (on this machine, for development) has no "
                    "certificate to pin: leave out the CA file and the fingerprint.",
                    code="sync.plain_http_pin",
                )
            return None
        if ca_pem is not None:
            return ca_certificates(ca_pem)
        if fingerprint is not None:
            return download_ca(address, fingerprint)
        raise UserError(
            "Enrolling with a branch server over HTTPS pins its CA: give the server's "
            "ca.pem (--ca FILE) or the fingerprint `loandesk-server init` printed "
            "(--fingerprint).",
            code="sync.no_ca",
        )

    def status(self) -> SyncStatus:
        """Where the workstation sends to and how much waits to go up (any signed-in user)."""
        self._signed_in()
        device = self._profile.device_id
        pushed = int(self._store.meta(PUSHED) or 0)
        return SyncStatus(
            server=self._store.meta(SERVER),
            pending=self._store.device_seq(device) - pushed,
            last_push_at=self._store.meta(LAST_PUSH),
        )

    def push(self) -> PushReport:
        """Send every event of this device the server has not acknowledged, in order."""
        self._signed_in()
        server, token = self._store.meta(SERVER), self._store.meta(TOKEN)
        if server is None or token is None:
            raise NotEnrolled(
                "This workstation is not enrolled with a branch server: an administrator "
                "enrols it with a code from the server (loandesk sync enrol)."
            )
        from app.sync.client import ServerClient

        with ServerClient(server, token, ca_pem=self._store.meta(CA)) as client:
            return self._push_all(client)

    def _push_all(self, client: ServerClient) -> PushReport:
        device = self._profile.device_id
        sent, last = 0, None
        while True:
            pushed = int(self._store.meta(PUSHED) or 0)
            batch = self._store.device_events(device, after_seq=pushed, limit=BATCH)
            if not batch:
                return PushReport(sent, last)
            events = [Event.from_bytes(data) for data in batch]
            acks = client.push(batch)
            if [a.id for a in acks] != [e.id for e in events]:
                raise UserError(
                    "The branch server acknowledged other events than those sent; nothing "
                    "is marked as sent. Tell the branch's IT.",
                    code="sync.acks",
                )
            with self._store.writing() as tx:
                tx.set_meta(PUSHED, str(events[-1].device_seq))
                tx.set_meta(LAST_PUSH, self._profile.clock().isoformat(timespec="seconds"))
            sent += len(events)
            last = acks[-1].server_seq
