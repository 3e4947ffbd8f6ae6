"""Seeing a masked number in full: the password again, then the service reveals and logs it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from app.errors import UserError
from app.services.cases import CaseService
from ui import messages, texts
from ui.passwords import confirm_with_password
from ui.taskman import TaskManager


def ask_to_reveal(
    parent: QWidget,
    tasks: TaskManager,
    cases: CaseService,
    case_id: str,
    field: str,
    on_revealed: Callable[[str | None], None],
) -> QDialog:
    """Ask for the password; the whole value goes to ``on_revealed`` once the service agrees.

    The check and the audit event run on the write lane. A wrong password is
    told in the prompt, which stays open for another try.
    """

    def refused(exc: UserError) -> None:
        messages.show_user_error(parent, exc)

    prompt = confirm_with_password(
        parent,
        tasks,
        QCoreApplication.translate("Reveal", "Reveal: {0}").format(texts.field_label(field)),
        QCoreApplication.translate(
            "Reveal",
            "Enter your password to see the whole number. Each reveal is recorded in the "
            "audit log with your name.",
        ),
        lambda password: cases.reveal(case_id, field, password),
        on_revealed,
        refused,
    )
    prompt.setObjectName("reveal-prompt")
    return prompt
