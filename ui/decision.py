"""The Decision tab of a case, and the sign-off dialog.

The tab shows the product's policy rules on the case as it stands, the route
they propose, the signatures already on the case, and the steps the user may
take: an officer submits; a supervisor takes the case for review and
approves, declines or returns it in the sign-off dialog, which summarises
what is being decided, asks for the password again and for a signature drawn
in the box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseState
from app.domain.products import Outcome, RuleResult
from app.domain.workflow import Move
from app.errors import UserError
from app.services.decisions import DecisionOverview, DecisionService
from app.services.letters import LetterService
from ui import doctexts, texts
from ui.casetab import CaseTab
from ui.doctables import WARNING_COLOUR
from ui.notices import ERROR_COLOUR, OK_COLOUR, problem_label, show_text
from ui.operations import Operations
from ui.override import OverrideDialog
from ui.printing import PrintDialog
from ui.signin import MUTED_COLOUR
from ui.signpad import SignaturePad

# The authority matrix's verdicts (app.domain.authority) and the refusals of
# DecisionService before it, as the translations know them.
AUTHORITY_TEXTS = (
    QT_TRANSLATE_NOOP("Authority", "Whoever submitted or changed a case cannot approve it."),
    QT_TRANSLATE_NOOP("Authority", "The second signature must come from a different person."),
    QT_TRANSLATE_NOOP("Authority", "Your tier may not approve this product."),
    QT_TRANSLATE_NOOP(
        "Authority", "Above the dual-control amount: a second person must sign as well."
    ),
    QT_TRANSLATE_NOOP("Authority", "Within your authority."),
    QT_TRANSLATE_NOOP("Authority", "Beyond your authority: a higher tier must sign as well."),
    QT_TRANSLATE_NOOP("Authority", "No tier here may approve this loan: send it to head office."),
    QT_TRANSLATE_NOOP("Authority", "The second signature must come from a higher tier."),
    QT_TRANSLATE_NOOP(
        "Authority", "The second signature must come from the same or a higher tier."
    ),
    QT_TRANSLATE_NOOP("Authority", "This loan is beyond your authority too."),
    QT_TRANSLATE_NOOP("Authority", "Second signature: the approval is complete."),
    QT_TRANSLATE_NOOP("Authority", "Record the risk score of the case as it stands first."),
    QT_TRANSLATE_NOOP("Authority", "The case has no amount to approve."),
    QT_TRANSLATE_NOOP("Authority", "Choose the product before submitting the case."),
    QT_TRANSLATE_NOOP("Authority", "A grade is overridden while the case awaits its decision."),
    QT_TRANSLATE_NOOP(
        "Authority", "Whoever submitted or changed a case cannot override its grade."
    ),
    QT_TRANSLATE_NOOP("Authority", "Override the grade before anyone signs the decision."),
    QT_TRANSLATE_NOOP("Authority", "The case has that grade already."),
    QT_TRANSLATE_NOOP("Authority", "The case changed meanwhile; look at it again."),
    QT_TRANSLATE_NOOP("Authority", "Whoever submitted or changed a case cannot decide it."),
    QT_TRANSLATE_NOOP("Authority", "A decline gives one to four principal reasons."),
)


def refusal_text(error: UserError) -> str:
    """A refusal of the decision service in the UI language (as said, when unknown)."""
    return QCoreApplication.translate("Authority", str(error))


# What app.domain.products says each rule found, before its figures go in.
RULE_TEMPLATES = (
    QT_TRANSLATE_NOOP("Rules", "Age at the last instalment {0}; at most {1}."),
    QT_TRANSLATE_NOOP("Rules", "All documents are within their validity."),
    QT_TRANSLATE_NOOP("Rules", "Amount {0} CNY; the product lends {1} to {2}."),
    QT_TRANSLATE_NOOP("Rules", "Arrears on file: {0}."),
    QT_TRANSLATE_NOOP(
        "Rules", "Debt payments with this loan {0} CNY a month, {1} of income; at most {2}."
    ),
    QT_TRANSLATE_NOOP("Rules", "Income, amount or term is missing for the debt-to-income ratio."),
    QT_TRANSLATE_NOOP("Rules", "Loan to value {0}; at most {1}."),
    QT_TRANSLATE_NOOP("Rules", "Monthly income {0} CNY; at least {1}."),
    QT_TRANSLATE_NOOP("Rules", "Term {0} months; the product allows {1} to {2}."),
    QT_TRANSLATE_NOOP("Rules", "The ID number is not valid: {0}."),
    QT_TRANSLATE_NOOP("Rules", "The ID number passes its check digit."),
    QT_TRANSLATE_NOOP("Rules", "The amount requested is missing."),
    QT_TRANSLATE_NOOP("Rules", "The date of birth is missing."),
    QT_TRANSLATE_NOOP("Rules", "The monthly income is missing."),
    QT_TRANSLATE_NOOP("Rules", "The price of what the loan buys is missing."),
    QT_TRANSLATE_NOOP("Rules", "The resident ID number is missing."),
    QT_TRANSLATE_NOOP("Rules", "The term is missing."),
    QT_TRANSLATE_NOOP("Rules", "Whether there are arrears on file is not recorded."),
    QT_TRANSLATE_NOOP("Rules", "{0} document(s) too old or expired."),
)


def rule_detail(result: RuleResult) -> str:
    """What the rule found, in the UI language (the domain's English when unknown)."""
    if not result.template:
        return result.detail
    args = list(result.args)
    if result.problem is not None and args:
        args[0] = texts.problem_text("id_number", result.problem, args[0]).rstrip(".。")
    elif result.code == "no_arrears" and args:
        args[0] = texts.choice_label("arrears_on_file", args[0])
    return QCoreApplication.translate("Rules", result.template).format(*args)


OUTCOME_COLOURS = {
    Outcome.PASS: OK_COLOUR,
    Outcome.FAIL: ERROR_COLOUR,
    Outcome.UNKNOWN: WARNING_COLOUR,
}


def rule_label(code: str) -> str:
    labels = {
        "amount_range": QCoreApplication.translate("Decision", "Amount within the product's range"),
        "term_range": QCoreApplication.translate("Decision", "Term within the product's range"),
        "age_at_maturity": QCoreApplication.translate("Decision", "Age at the last instalment"),
        "min_income": QCoreApplication.translate("Decision", "Minimum income"),
        "max_dti": QCoreApplication.translate("Decision", "Debt-to-income cap"),
        "max_ltv": QCoreApplication.translate("Decision", "Loan-to-value cap"),
        "valid_id": QCoreApplication.translate("Decision", "Valid ID number"),
        "fresh_documents": QCoreApplication.translate("Decision", "Documents within validity"),
        "no_arrears": QCoreApplication.translate("Decision", "No arrears on file"),
    }
    return labels.get(code, code)


def outcome_label(outcome: Outcome) -> str:
    labels = {
        Outcome.PASS: QCoreApplication.translate("Decision", "passes"),
        Outcome.FAIL: QCoreApplication.translate("Decision", "fails"),
        Outcome.UNKNOWN: QCoreApplication.translate("Decision", "cannot tell: fill in the case"),
    }
    return labels[outcome]


def route_label(route: str | None) -> str:
    labels = {
        "approve": QCoreApplication.translate("Decision", "The rules propose approval."),
        "refer": QCoreApplication.translate(
            "Decision", "The rules refer the case to a supervisor's judgement."
        ),
        "decline": QCoreApplication.translate("Decision", "The rules propose a decline."),
    }
    if route is None:
        return QCoreApplication.translate("Decision", "Choose the product to see its rules.")
    return labels.get(route, route)


class SignOffDialog(QDialog):
    """Approve, decline or return one case: what is decided, password, signature."""

    def __init__(
        self,
        service: DecisionService,
        ops: Operations,
        case: CaseState,
        decision: str,
        parent: QWidget | None = None,
        *,
        suggested: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign-off")
        self._service, self._ops, self._case, self.decision = service, ops, case, decision
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.details = QPlainTextEdit()
        self.details.setObjectName("sign-off-details")
        self.details.setFixedHeight(90)
        self.details.setTabChangesFocus(True)  # Tab leaves the box: no keyboard trap
        self.password = QLineEdit()
        self.password.setObjectName("sign-off-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.pad = SignaturePad()
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.pad.clear)
        self.problem = problem_label("sign-off-problem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.sign)
        self.buttons.rejected.connect(self.reject)
        self.details_label, self.password_label, self.pad_label = QLabel(), QLabel(), QLabel()
        self.pad_label.setBuddy(self.pad)
        form = QFormLayout()
        form.addRow(self.details_label, self.details)
        form.addRow(self.password_label, self.password)
        pad_row = QHBoxLayout()
        pad_row.addWidget(self.pad, 1)
        pad_row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.pad_label)
        layout.addLayout(pad_row)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        if decision == "decline" and suggested:
            # The failed rules and the model's reasons are the principal reasons offered.
            self.details.setPlainText("\n".join(suggested[:4]))
        self.retranslate()

    def _lines(self) -> list[str]:
        return [line.strip() for line in self.details.toPlainText().splitlines() if line.strip()]

    def sign(self) -> None:
        if self.decision != "return" and self.pad.is_empty():
            self._say(QCoreApplication.translate("Decision", "Sign in the box first."))
            return
        lines = self._lines()
        case_id, decision, password = self._case.case_id, self.decision, self.password.text()
        image = None if self.pad.is_empty() else self.pad.png()
        self.buttons.setEnabled(False)
        self._ops.run(
            lambda: self._service.decide(
                case_id,
                decision,
                password,
                conditions=lines if decision == "approve" else (),
                reasons=lines if decision == "decline" else (),
                note="\n".join(lines) if decision == "return" else "",
                signature_image=image,
            ),
            initiator=self,
            on_done=lambda _changes: self.accept(),
            on_error=self._on_error,
            on_finally=lambda: self.buttons.setEnabled(True),
        )

    def _on_error(self, error: UserError) -> None:
        self._say(refusal_text(error))

    def _say(self, text: str) -> None:
        show_text(self.problem, text)

    def retranslate(self) -> None:
        titles = {
            "approve": QCoreApplication.translate("Decision", "Approve and sign"),
            "decline": QCoreApplication.translate("Decision", "Decline and sign"),
            "return": QCoreApplication.translate("Decision", "Return to the officer"),
        }
        self.setWindowTitle(titles[self.decision])
        details = {
            "approve": QCoreApplication.translate("Decision", "Conditions, one a line"),
            "decline": QCoreApplication.translate(
                "Decision", "Principal reasons, one a line (1–4)"
            ),
            "return": QCoreApplication.translate("Decision", "What the officer should do"),
        }
        self.details_label.setText(details[self.decision])
        self.password_label.setText(QCoreApplication.translate("Decision", "Your password"))
        self.pad_label.setText(
            QCoreApplication.translate(
                "Decision",
                "Your signature: draw it in the box, or select the box and type your name",
            )
        )
        self.clear_button.setText(QCoreApplication.translate("Decision", "Clear"))
        case = self._case
        amount = case.value("requested_amount")
        shown = (
            texts.format_amount(str(amount.get("amount")), str(amount.get("currency")))
            if isinstance(amount, dict)
            else "–"
        )
        risk = case.risk
        grade = (
            QCoreApplication.translate("Decision", "grade {0}, probability of default {1}").format(
                risk.decision_grade, texts.format_percent(risk.pd)
            )
            if risk is not None
            else QCoreApplication.translate("Decision", "not scored")
        )
        self.summary.setText(
            QCoreApplication.translate(
                "Decision", "<b>{0}</b>: case {1}, {2}, {3} over {4} months; {5}."
            ).format(
                titles[self.decision],
                case.case_no,
                texts.product_label(str(case.value("product") or "")),
                shown,
                case.value("term_months") or "–",
                grade,
            )
        )


class DecisionTab(CaseTab[DecisionOverview]):
    def __init__(
        self,
        service: DecisionService,
        ops: Operations,
        user_names: Callable[[], dict[str, str]],
        parent: QWidget | None = None,
        *,
        letters: LetterService | None = None,
    ) -> None:
        super().__init__(ops, parent)
        self._service, self._user_names = service, user_names
        self._letters = letters
        self.print_dialog: PrintDialog | None = None
        self.overview: DecisionOverview | None = None
        self.dialog: SignOffDialog | None = None
        self.route = QLabel()
        self.route.setObjectName("decision-route")
        self.route.setStyleSheet("font-weight: 600;")
        self.route.setWordWrap(True)
        self.authority = QLabel()
        self.authority.setObjectName("decision-authority")
        self.authority.setWordWrap(True)
        self.grade_line = QLabel()
        self.grade_line.setObjectName("decision-grade")
        self.grade_line.setWordWrap(True)
        self.override_button = QPushButton()
        self.override_button.setObjectName("decision-override")
        self.override_button.clicked.connect(self.override_grade)
        self.override_dialog: OverrideDialog | None = None
        self.rules = QTableWidget(0, 3)
        self.rules.setTabKeyNavigation(False)
        self.rules.setObjectName("decision-rules")
        self.rules.verticalHeader().hide()
        self.rules.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.rules.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.signatures = QLabel()
        self.signatures.setObjectName("decision-signatures")
        self.signatures.setWordWrap(True)
        self.buttons: dict[Move, QPushButton] = {}
        row = QHBoxLayout()
        for move in (
            Move.SUBMIT,
            Move.TAKE_FOR_REVIEW,
            Move.APPROVE,
            Move.DECLINE,
            Move.RETURN,
            Move.ACCEPT,
            Move.WITHDRAW,
        ):
            button = QPushButton()
            button.setObjectName(f"decision-{move.value}")
            button.clicked.connect(lambda _=False, m=move: self.take(m))
            self.buttons[move] = button
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.override_button)
        self.print_button = QPushButton()
        self.print_button.setObjectName("decision-print")
        self.print_button.clicked.connect(self.print_documents)
        self.print_button.setVisible(letters is not None)
        row.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.route)
        layout.addWidget(self.grade_line)
        layout.addWidget(self.authority)
        layout.addWidget(self.rules, 1)
        layout.addWidget(self.signatures)
        layout.addLayout(row)
        self.retranslate()

    # -- the case (read by CaseTab once the tab shows) ----------------------------
    def _read(self, case_id: str) -> DecisionOverview:
        return self._service.overview(case_id)

    def _show(self, result: DecisionOverview) -> None:
        self.overview = result
        self._render()

    def _clear(self) -> None:
        self.overview = None
        self._render()

    def take(self, move: Move) -> None:
        case = self._case
        if case is None:
            return
        case_id = case.case_id
        if move in (Move.SUBMIT, Move.TAKE_FOR_REVIEW, Move.ACCEPT):
            step = {
                Move.SUBMIT: self._service.submit,
                Move.TAKE_FOR_REVIEW: self._service.start_review,
                Move.ACCEPT: self._service.accept,
            }[move]
            self._ops.run(lambda: step(case_id), initiator=self)
            return
        if move is Move.WITHDRAW:
            reason, given = QInputDialog.getText(
                self,
                QCoreApplication.translate("Decision", "Withdraw the case"),
                QCoreApplication.translate("Decision", "Why is the case withdrawn?"),
            )
            if given and reason.strip():
                self._ops.run(lambda: self._service.withdraw(case_id, reason), initiator=self)
            return
        decision = {Move.APPROVE: "approve", Move.DECLINE: "decline", Move.RETURN: "return"}[move]
        self.dialog = SignOffDialog(
            self._service, self._ops, case, decision, self, suggested=self.suggested_reasons()
        )
        self.dialog.open()

    def print_documents(self) -> None:
        """The offer, the letters and the credit memo of the case, as the case allows."""
        case = self._case
        if case is None or self._letters is None:
            return
        self.print_dialog = PrintDialog(self._letters, self._ops.tasks, case, self)
        self.print_dialog.open()

    def override_grade(self) -> None:
        case, overview = self._case, self.overview
        if case is None or overview is None or overview.model_grade is None:
            return
        current = overview.override.grade if overview.override else overview.model_grade
        self.override_dialog = OverrideDialog(
            self._service, self._ops, case.case_id, overview.model_grade, current, self
        )
        self.override_dialog.open()

    def suggested_reasons(self) -> list[str]:
        """The failed policy rules, then the model's reasons, in the UI language."""
        overview = self.overview
        if overview is None:
            return []
        zh = doctexts.language().startswith("zh")
        failed = [rule_label(r.code) for r in overview.rules if r.outcome is Outcome.FAIL]
        model = [zh_text if zh else en for en, zh_text in overview.model_reasons]
        return [*failed, *model][:4]

    def _render_grade(self, overview: DecisionOverview | None) -> None:
        grade = overview.model_grade if overview is not None else None
        self.grade_line.setVisible(grade is not None)
        self.override_button.setVisible(overview is not None and overview.may_override)
        if overview is None or grade is None:
            return
        override = overview.override
        if override is None:
            self.grade_line.setText(
                QCoreApplication.translate(
                    "Decision", "Risk grade {0}, as the model graded it."
                ).format(grade)
            )
            self.grade_line.setStyleSheet("")
            return
        who = overview.names.get(override.actor, override.actor)
        self.grade_line.setText(
            QCoreApplication.translate(
                "Decision", "Risk grade {0}: overridden from the model's {1} by {2}. Why: {3}"
            ).format(override.grade, grade, who, override.justification)
        )
        self.grade_line.setStyleSheet(f"color: {WARNING_COLOUR};")

    def _render(self) -> None:
        overview = self.overview
        open_moves = set(overview.moves) if overview is not None else set()
        for move, button in self.buttons.items():
            button.setVisible(move in open_moves)
        self._render_grade(overview)
        verdict = overview.authority if overview is not None else None
        self.authority.setVisible(verdict is not None)
        if verdict is not None:
            self.authority.setText(
                QCoreApplication.translate("Decision", "Your authority: {0}").format(
                    QCoreApplication.translate("Authority", verdict.reason)
                )
            )
            self.authority.setStyleSheet(
                f"color: {OK_COLOUR if verdict.allowed else WARNING_COLOUR};"
            )
        if overview is None:
            self.route.clear()
            self.rules.setRowCount(0)
            self.signatures.clear()
            return
        self.route.setText(route_label(overview.routing))
        self.rules.setRowCount(len(overview.rules))
        for i, result in enumerate(overview.rules):
            cells = (rule_label(result.code), outcome_label(result.outcome), rule_detail(result))
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 1:
                    item.setForeground(QColor(OUTCOME_COLOURS[result.outcome]))
                self.rules.setItem(i, j, item)
        lines = []
        for s in overview.signatures:
            who = overview.names.get(s.actor, s.actor)
            line = QCoreApplication.translate("Decision", "{0}: {1} signed by {2} at {3}").format(
                texts.tier_label(s.tier),
                texts.decision_label(s.decision),
                who,
                texts.format_time(s.at),
            )
            if s.void:
                line += " " + QCoreApplication.translate("Decision", "(void: the case changed)")
            lines.append(line)
        self.signatures.setText(
            "\n".join(lines)
            if lines
            else QCoreApplication.translate("Decision", "No signature on the case yet.")
        )
        self.signatures.setStyleSheet(f"color: {MUTED_COLOUR};")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.rules.setAccessibleName(
            QCoreApplication.translate("Decision", "The product's policy rules on the case")
        )
        words = {
            Move.SUBMIT: QCoreApplication.translate("Decision", "Submit for review"),
            Move.TAKE_FOR_REVIEW: QCoreApplication.translate("Decision", "Take for review"),
            Move.APPROVE: QCoreApplication.translate("Decision", "Approve…"),
            Move.DECLINE: QCoreApplication.translate("Decision", "Decline…"),
            Move.RETURN: QCoreApplication.translate("Decision", "Return…"),
            Move.ACCEPT: QCoreApplication.translate("Decision", "The applicant accepted"),
            Move.WITHDRAW: QCoreApplication.translate("Decision", "Withdraw…"),
        }
        for move, button in self.buttons.items():
            button.setText(words[move])
        self.override_button.setText(QCoreApplication.translate("Decision", "Override grade…"))
        self.print_button.setText(QCoreApplication.translate("Decision", "Print…"))
        self.rules.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Decision", "Policy rule"),
                QCoreApplication.translate("Decision", "Result"),
                QCoreApplication.translate("Decision", "Why"),
            ]
        )
        self._render()
