"""Every reason the branch server gives for refusing a change is said in Chinese too.

The reasons are read from the server's own code: each ``Refusal(...)`` the
judge can raise becomes a sample sentence (its names and numbers filled in),
which the desk must recognise and say in the screen's language.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from tests.conftest import REPO
from ui import i18n, texts

JUDGE = REPO / "server" / "judge.py"
FILLER = "someone.7"


def _sentences(node: ast.expr) -> Iterator[str]:
    """The sentences an expression passed to Refusal() can be, with every value filled in."""
    if isinstance(node, ast.IfExp):
        yield from _sentences(node.body)
        yield from _sentences(node.orelse)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        yield "".join(
            str(part.value) if isinstance(part, ast.Constant) else FILLER for part in node.values
        )
    else:
        raise TypeError(f"a reason the test cannot read: {ast.dump(node)}")


def _server_reasons() -> list[str]:
    tree = ast.parse(JUDGE.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Refusal":
            found.extend(_sentences(node.args[0]))
    return found


REASONS = _server_reasons()


def test_the_server_has_reasons_to_say() -> None:
    assert len(REASONS) >= 15
    assert "its signature does not verify" in REASONS


@pytest.mark.parametrize("reason", REASONS)
def test_each_reason_is_said_in_chinese_with_its_names_kept(
    qapp: QApplication, reason: str
) -> None:
    assert texts.refusal_reason(reason) == reason  # English as it came
    i18n.install(qapp, "zh_CN")
    try:
        said = texts.refusal_reason(reason)
    finally:
        i18n.install(qapp, "en")
    assert said != reason
    assert not any("a" <= ch <= "z" for ch in said.replace(FILLER, ""))
    assert said.count(FILLER) == reason.count(FILLER)


def test_a_reason_from_a_newer_server_is_shown_as_it_came(qapp: QApplication) -> None:
    i18n.install(qapp, "zh_CN")
    try:
        assert texts.refusal_reason("a rule this desk does not know") == (
            "a rule this desk does not know"
        )
    finally:
        i18n.install(qapp, "en")
