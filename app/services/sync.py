"""The workstation's side of the branch server: enrolment, sending this device's events up.

The server's address, this device's token and the branch CA pinned at
enrolment live in the profile's encrypted database, never in a plain file.
Events go up in device order, in batches the server stores all or none of;
the workstation notes how far the server has acknowledged, so a line that
drops mid-push loses nothing and sends nothing twice that the server would
keep twice (a resend is a no-op there).

Pulling brings every workstation's events in the server's order, a page at a
time: each page is checked against the server's hash chain and taken in all
or none, and the cases it touches fold again in server order, which flags
concurrent edits of the same field as conflicts (``app.domain.conflicts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.events import Event, EventError, next_chain
from app.domain.roles import Action
from app.errors import UserError
from app.services import branchrules, transfer
from app.services.profile import Profile
from app.store.people import Credentials
from app.store.repo import PULLED
from app.sync.backoff import Backoff as Backoff  # the window's retry policy, through here

if TYPE_CHECKING:
    from app.sync.client import Page, ServerClient

SERVER = "sync_server"
TOKEN = "sync_token"
#: the branch CA's certificate (PEM): the only CA this workstation trusts for the server
CA = "sync_ca"
#: the newest device_seq of this device the server has acknowledged
PUSHED = "sync_pushed_seq"
LAST_PUSH = "sync_last_push"
#: meta key prefix: the PasswordSet whose credentials went up for a user
CRED_SENT = "cred_sent:"
#: the server's chain value at the ``PULLED`` cursor
CHAIN = "sync_chain"
LAST_PULL = "sync_last_pull"
#: events a pull asks for at once: what one transaction takes in, and memory holds
PAGE = 500
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
    #: when this workstation last took in the server's events
    last_pull_at: str | None = None
    #: cases with fields concurrent edits set differently
    conflicted: int = 0
    #: the products and authority matrix in force here, and whose they are
    rules: tuple[branchrules.InForce, ...] = ()

    @property
    def enrolled(self) -> bool:
        return self.server is not None


@dataclass(frozen=True)
class PullReport:
    #: other workstations' events taken in
    received: int
    #: cases whose projection changed
    cases: frozenset[str]
    #: the server's cursor now
    cursor: int


@dataclass(frozen=True)
class Refused:
    """One of this workstation's events the branch server refused to apply, and why."""

    event_id: str
    type: str
    case_id: str | None
    reason: str
    #: the case's number, read when the refusal came (None: no case)
    case_no: str | None = None

    def sentence(self, case_no: str | None = None) -> str:
        what = _REFUSED_WORDS.get(self.type, "A change")
        number = case_no or self.case_no
        where = f" on case {number}" if number else ""
        return f"{what}{where} was refused by the branch server: {self.reason}."


_REFUSED_WORDS = {
    "DecisionSigned": "Your decision",
    "CaseSubmitted": "The submission",
    "ReviewStarted": "Taking the case for review",
    "ApplicantUpdated": "A change to the applicant",
    "LoanRequestUpdated": "A change to the loan request",
    "ConflictResolved": "The resolution of a conflict",
    "UserAdded": "A new user",
}


@dataclass(frozen=True)
class SyncReport:
    sent: int
    received: int
    cases: frozenset[str]
    #: this workstation's events the server refused in this round
    refused: tuple[Refused, ...] = ()
    #: page images other desks named that the server does not hold yet
    blobs_waiting: int = 0
    #: the branch's newly published models, put in use or refused (None: nothing new)
    models: transfer.ModelsTaken | None = None
    #: the branch's newly published products and authority matrix, in force or refused
    rules: tuple[branchrules.RulesTaken, ...] = ()
    #: the signed-in user is switched off now (by an administrator, at a desk or the server)
    switched_off: bool = False


class ChainBroken(UserError):
    code = "sync.chain"


@dataclass(frozen=True)
class PushReport:
    sent: int
    #: the server's position of the last event it acknowledged (None: nothing sent)
    server_seq: int | None
    refused: tuple[Refused, ...] = ()
    #: cases whose projection changed because the server refused an event of theirs
    cases: frozenset[str] = frozenset()


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
        if self._profile.demo:
            raise UserError(
                "A demo profile is never enrolled with a branch server: its people and cases "
                "are made up, and its passwords are printed. Enrol a real profile.",
                code="sync.demo",
            )
        # httpx and the TLS tools load with the first sync, not with the window.
        from app.sync.client import ServerClient, check_address

        address = check_address(server_url)
        pinned = self._ca_to_pin(address, ca_pem, fingerprint)
        with ServerClient(address, ca_pem=pinned) as client:
            client.health()
            users = {user.user_id: user.username for user in self._store.users()}
            token = client.enrol(code.strip(), self._profile.device_id, name.strip(), users)
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
            last_pull_at=self._store.meta(LAST_PULL),
            conflicted=self._store.count_conflicted(),
            rules=tuple(branchrules.in_force(self._store)),
        )

    def _client(self) -> ServerClient:
        server, token = self._store.meta(SERVER), self._store.meta(TOKEN)
        if server is None or token is None:
            raise NotEnrolled(
                "This workstation is not enrolled with a branch server: an administrator "
                "enrols it with a code from the server (loandesk sync enrol)."
            )
        from app.sync.client import ServerClient

        return ServerClient(server, token, ca_pem=self._store.meta(CA))

    def push(self) -> PushReport:
        """Send every event of this device the server has not acknowledged, in order."""
        self._signed_in()
        with self._client() as client:
            return self._push_all(client)

    def pull(self) -> PullReport:
        """Take in every event the server holds beyond this workstation's cursor."""
        self._signed_in()
        with self._client() as client:
            return self._pull_all(client)

    def sync(self) -> SyncReport:
        """Send what waits, then take in what the others sent: one round, on one connection."""
        self._signed_in()
        with self._client() as client:
            pushed = self._push_all(client)
            transfer.send_blobs(self._store, client)
            self._send_credentials(client)
            pulled = self._pull_all(client)
            self._take_credentials(client)
            fetched = transfer.fetch_blobs(self._store, client)
            models = transfer.take_models(self._profile, client)
            rules = branchrules.take(self._store, client)
        session = self._profile.session
        me = None if session is None else self._store.user(session.user.user_id)
        return SyncReport(
            pushed.sent,
            pulled.received,
            pulled.cases | pushed.cases,
            pushed.refused,
            blobs_waiting=fetched.waiting,
            models=models,
            rules=tuple(rules),
            switched_off=me is not None and not me.active,
        )

    def _send_credentials(self, client: ServerClient) -> None:
        """Hand the branch the credentials of passwords set here, once each."""
        from app.sync.client import Secrets, ServerRefused

        for user in self._store.users():
            cred = self._store.credentials(user.user_id)
            if cred is None or cred.set_by is None:
                continue
            key = f"{CRED_SENT}{user.user_id}"
            if self._store.meta(key) == cred.set_by:
                continue
            with self._store.writing() as tx:
                order = tx.ordered(cred.set_by)
            if order is None:
                continue  # its PasswordSet has not gone up yet
            if order[1] is None:
                secrets = Secrets(
                    user.user_id,
                    cred.set_by,
                    cred.password_hash,
                    cred.wrapped_key,
                    cred.must_change,
                )
                try:
                    client.put_credentials(secrets)
                except ServerRefused as refused:
                    if refused.status != 409:
                        raise
                    # A newer password was set at another desk: its credentials win.
            with self._store.writing() as tx:
                tx.set_meta(key, cred.set_by)

    def _take_credentials(self, client: ServerClient) -> None:
        """Take the credentials of passwords set at other desks, so their users sign in here."""
        for secrets in client.credentials():
            with self._store.writing() as tx:
                user = tx.user(secrets.user_id)
                theirs = tx.ordered(secrets.event_id)
                if user is None or theirs is None or theirs[1] is not None:
                    continue  # not taken in here yet, or refused
                mine = tx.credentials(secrets.user_id)
                if mine is not None and mine.set_by == secrets.event_id:
                    continue
                if mine is not None and mine.set_by is not None:
                    own = tx.ordered(mine.set_by)
                    if own is None or own[0] > theirs[0]:
                        continue  # set here later and not yet judged: this desk's stands
                tx.save_credentials(
                    Credentials(
                        secrets.user_id,
                        secrets.password_hash,
                        secrets.wrapped_key,
                        failures=0,
                        locked_until=None if mine is None else mine.locked_until,
                        must_change=secrets.must_change,
                        set_by=secrets.event_id,
                    )
                )

    def refusals(self) -> list[Refused]:
        """Every event of this workstation the branch server refused, newest first."""
        self._signed_in()
        return [
            Refused(event.id, event.type.value, event.case_id, reason)
            for event, reason in self._store.refused_events(self._profile.device_id)
        ]

    def _pull_all(self, client: ServerClient) -> PullReport:
        received, cases = 0, set[str]()
        while True:
            cursor = int(self._store.meta(PULLED) or 0)
            page = client.pull(cursor, PAGE)
            got, touched = self._take_in(cursor, page)
            received += got
            cases |= touched
            if not page.more:
                return PullReport(received, frozenset(cases), page.next)

    def _take_in(self, cursor: int, page: Page) -> tuple[int, set[str]]:
        """Check ``page`` against the chain and take it in, all or none."""
        events = [self._parse(data) for data in page.events]
        chain = self._store.meta(CHAIN)
        for event in events:
            chain = next_chain(chain, event.hash)
        if chain != page.head or (not events and page.next != cursor):
            raise ChainBroken(
                "The events the branch server sent do not continue what this workstation "
                "took in before (the hash chain breaks); nothing was taken in. Tell the "
                "branch's IT: the server's record may have been changed or restored."
            )
        received = 0
        with self._store.writing() as tx:
            for offset, (event, data) in enumerate(zip(events, page.events, strict=True)):
                stored = tx.stored_hash(event.id)
                if stored is None:
                    tx.store_pulled(event, data)
                    received += 1
                elif stored != event.hash:
                    raise ChainBroken(
                        f"The branch server holds event {event.id} with other content than "
                        "this workstation; nothing was taken in. Tell the branch's IT."
                    )
                tx.order(event.id, page.seqs[offset], page.refused[offset])
            touched = tx.reproject(events)
            tx.set_meta(PULLED, str(page.next))
            if chain is not None:
                tx.set_meta(CHAIN, chain)
            tx.set_meta(LAST_PULL, self._profile.clock().isoformat(timespec="seconds"))
        return received, touched

    @staticmethod
    def _parse(data: bytes) -> Event:
        try:
            return Event.from_bytes(data)
        except EventError as exc:
            raise ChainBroken(
                f"The branch server sent an event this workstation cannot read ({exc}); "
                "nothing was taken in. Tell the branch's IT."
            ) from None

    def _push_all(self, client: ServerClient) -> PushReport:
        device = self._profile.device_id
        sent, last = 0, None
        refused: list[Refused] = []
        cases: set[str] = set()
        while True:
            pushed = int(self._store.meta(PUSHED) or 0)
            batch = self._store.device_events(device, after_seq=pushed, limit=BATCH)
            if not batch:
                return PushReport(sent, last, tuple(refused), frozenset(cases))
            events = [Event.from_bytes(data) for data in batch]
            acks = client.push(batch)
            if [a.id for a in acks] != [e.id for e in events]:
                raise UserError(
                    "The branch server acknowledged other events than those sent; nothing "
                    "is marked as sent. Tell the branch's IT.",
                    code="sync.acks",
                )
            with self._store.writing() as tx:
                # The server's order is noted now; a refused event leaves every fold.
                out: list[Event] = []
                for event, ack in zip(events, acks, strict=True):
                    tx.order(event.id, ack.server_seq, ack.refused)
                    if ack.refused is not None:
                        out.append(event)
                        state = tx.case(event.case_id) if event.case_id else None
                        refused.append(
                            Refused(
                                event.id,
                                event.type.value,
                                event.case_id,
                                ack.refused,
                                None if state is None else state.case_no,
                            )
                        )
                touched = tx.reproject(out)
                tx.set_meta(PUSHED, str(events[-1].device_seq))
                tx.set_meta(LAST_PUSH, self._profile.clock().isoformat(timespec="seconds"))
            cases |= touched
            sent += len(events)
            last = acks[-1].server_seq
