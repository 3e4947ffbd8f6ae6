"""``loandesk cases print`` and ``loandesk products sheet`` as real processes."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from app.letters.texts import Language, say
from tests.cli.runner import loandesk, ok
from tests.cli.test_cases_verify_cli import GOOD
from tests.services.test_letters import flat, pages_text, text_of

OWN = "copper meadow lantern 1357"


def _approved_case() -> str:
    """A case the admin (an officer) scored and submitted and a supervisor approved."""
    ok("init", "--admin", "chen", "--name", "Chen Li")
    [added] = json.loads(ok("cases", "add", "--file", "-", "--json", stdin=json.dumps([GOOD])))
    number = str(added["case_no"])
    ok("model", "score", number)
    ok("cases", "submit", number)
    ok("users", "add", "sup.wang", "--name", "Wang Supervisor", "--role", "supervisor",
       LOANDESK_NEW_PASSWORD="first pass phrase 2468")  # fmt: skip
    ok("password", LOANDESK_USER="sup.wang", LOANDESK_PASSWORD="first pass phrase 2468",
       LOANDESK_NEW_PASSWORD=OWN)  # fmt: skip
    as_sup = {"LOANDESK_USER": "sup.wang", "LOANDESK_PASSWORD": OWN}
    ok("cases", "review", number, **as_sup)
    ok("cases", "decide", number, "approve", "--condition", "Insurance of the property", **as_sup)
    return number


def _printed(number: str) -> list[str]:
    """What ``audit log`` says was printed, newest first."""
    said = ok("audit", "log", "--type", "Printed", "--json", LOANDESK_USER="chen")
    return [entry["details"]["what"] for entry in json.loads(said) if entry["case_no"] == number]


def test_an_officer_prints_each_document_of_an_approved_case_in_both_languages(
    tmp_path: Path,
) -> None:
    number = _approved_case()
    prints: tuple[tuple[str, Language, str], ...] = (
        ("approval", "zh", "approval_title"),
        ("offer", "en", "offer_title"),
        ("memo", "zh", "memo_title"),
    )
    for kind, lang, title in prints:
        out = tmp_path / f"{kind}-{lang}.pdf"
        said = ok("cases", "print", number, "--kind", kind, "--lang", lang, "--out", str(out),
                  LOANDESK_USER="chen")  # fmt: skip
        assert str(out) in said
        assert say(title, lang) in pages_text(out.read_bytes())[0]
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Insurance of the property" in text_of((tmp_path / "approval-zh.pdf").read_bytes())
    assert _printed(number) == ["memo", "offer", "approval"]


def test_a_refused_print_writes_no_file_and_a_wrong_password_records_no_print(
    tmp_path: Path,
) -> None:
    number = _approved_case()
    out = tmp_path / "decline.pdf"
    refused = loandesk("cases", "print", number, "--kind", "decline", "--out", str(out),
                       LOANDESK_USER="chen")  # fmt: skip
    assert refused.returncode == 1
    assert "only for a declined case" in refused.stderr
    assert not out.exists()
    # a wrong password (LOANDESK_PASSWORD answers the sign-in and the prompt again alike)
    wrong = loandesk("cases", "print", number, "--kind", "memo", "--out", str(out),
                     LOANDESK_USER="chen", LOANDESK_PASSWORD="not the password")  # fmt: skip
    assert wrong.returncode == 1
    assert not out.exists()
    nowhere = loandesk("cases", "print", number, "--kind", "memo", "--out",
                       str(tmp_path / "missing" / "memo.pdf"), LOANDESK_USER="chen")  # fmt: skip
    assert "does not exist" in nowhere.stderr
    assert _printed(number) == []
    sup = loandesk("cases", "print", number, "--kind", "memo", "--out", str(out),
                   LOANDESK_USER="sup.wang", LOANDESK_PASSWORD=OWN)  # fmt: skip
    assert sup.returncode == 1
    assert "does not allow printing" in sup.stderr
    assert not out.exists()


def test_a_product_sheet_is_printed_without_a_case(tmp_path: Path) -> None:
    ok("init", "--admin", "chen", "--name", "Chen Li")
    out = tmp_path / "sheet.pdf"
    said = ok("products", "sheet", "small_business", "--lang", "zh", "--out", str(out))
    assert str(out) in said
    text = flat(text_of(out.read_bytes()))
    assert flat(say("sheet_title", "zh", product="小微企业贷款")) in text
    assert "营业执照" in text
    logged = json.loads(ok("audit", "log", "--type", "Printed", "--json"))
    assert [(e["details"]["what"], e["case_id"]) for e in logged] == [
        ("product_sheet:small_business", None)
    ]
