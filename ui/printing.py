"""Printing a case's documents: which one, in which language, the password, where to save.

Only the documents the case's state allows are offered. The user chooses the
file first; then the document is made, the print recorded and the PDF
written to that file on the write lane. Nothing else is written anywhere.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseState
from app.domain.offers import Method
from app.errors import UserError
from app.services.letters import (
    LetterKind,
    LetterService,
    check_writable,
    save_pdf,
)
from ui import doctexts, messages, texts
from ui.notices import problem_label, show_text
from ui.passwords import password_line
from ui.taskman import Lane, ScreenTasks, TaskManager

#: each language named in itself, as the Settings menu names them
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}


def kind_label(kind: LetterKind) -> str:
    labels = {
        LetterKind.OFFER: QCoreApplication.translate("Printing", "Offer and repayment schedule"),
        LetterKind.APPROVAL: QCoreApplication.translate("Printing", "Approval letter"),
        LetterKind.DECLINE: QCoreApplication.translate("Printing", "Decline notice"),
        LetterKind.MEMO: QCoreApplication.translate("Printing", "Credit memo (internal)"),
    }
    return labels[kind]


def method_label(method: Method) -> str:
    labels = {
        Method.EQUAL_INSTALMENTS: QCoreApplication.translate("Printing", "Equal instalments"),
        Method.EQUAL_PRINCIPAL: QCoreApplication.translate("Printing", "Equal principal"),
        Method.INTEREST_ONLY: QCoreApplication.translate(
            "Printing", "Interest only (principal at the end)"
        ),
    }
    return labels[method]


def refusal_text(exc: UserError) -> str:
    """A refused print in the UI language; the project's own words for everything else."""
    known = {
        "letters.not_approved": QCoreApplication.translate(
            "Printing", "An approval letter is printed only for an approved case."
        ),
        "letters.not_declined": QCoreApplication.translate(
            "Printing", "A decline notice is printed only for a declined case."
        ),
        "letters.closed": QCoreApplication.translate(
            "Printing", "A declined or withdrawn case gets no offer."
        ),
        "letters.out_of_range": QCoreApplication.translate(
            "Printing", "The amount or the term is outside what the product lends."
        ),
        "letters.no_terms": QCoreApplication.translate(
            "Printing", "Fill in the case's product, amount and term first."
        ),
        "letters.folder": QCoreApplication.translate(
            "Printing", "That is a folder; choose a file name."
        ),
        "letters.no_folder": QCoreApplication.translate(
            "Printing", "The folder chosen does not exist."
        ),
        "letters.denied": QCoreApplication.translate(
            "Printing", "You may not write a file there; choose another place."
        ),
        "letters.not_written": QCoreApplication.translate(
            "Printing", "The document was printed but the file could not be written."
        ),
    }
    return known.get(exc.code) or messages.user_message(exc)


def _printed(
    service: LetterService,
    case_id: str,
    kind: str,
    language: str,
    password: str,
    method: Method | None,
    path: Path,
) -> str:
    """Make the document, record the print and save it to ``path`` (on a worker)."""
    check_writable(path)
    pdf = service.render(case_id, kind, language, password, method=method)
    save_pdf(path, pdf)
    return str(path)


class PrintDialog(QDialog):
    """Choose a document of ``case``, its language, then save it as PDF after the password."""

    #: (path) the PDF was written there
    pdf_did_save = Signal(str)

    def __init__(
        self,
        service: LetterService,
        tasks: TaskManager,
        case: CaseState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("print-dialog")
        self._service, self._case = service, case
        self._tasks = ScreenTasks(tasks, self)
        self.chooser: QFileDialog | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.kind = QComboBox()
        self.kind.setObjectName("print-kind")
        self.language = QComboBox()
        self.language.setObjectName("print-language")
        self.method = QComboBox()
        self.method.setObjectName("print-method")
        self.password = password_line()
        self.password.setObjectName("print-password")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text);")
        self.problem = problem_label("print-problem")
        self.save = QPushButton()
        self.save.setObjectName("print-save")
        self.save.setDefault(True)
        self.save.clicked.connect(self._on_save)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.save, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.kind_label, self.language_label = QLabel(), QLabel()
        self.method_label, self.password_label = QLabel(), QLabel()
        self._lay_out()
        self._fill()
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.retranslate()
        self._on_kind()
        self.setMinimumWidth(480)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.kind_label, self.kind)
        form.addRow(self.language_label, self.language)
        form.addRow(self.method_label, self.method)
        form.addRow(self.password_label, self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def _fill(self) -> None:
        for kind in self._service.printable(self._case):
            self.kind.addItem("", kind.value)
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        ui_language = "zh" if doctexts.language().startswith("zh") else "en"
        self.language.setCurrentIndex(self.language.findData(ui_language))
        for method in self._service.offer_methods(self._case):
            self.method.addItem("", method.value)

    def chosen_kind(self) -> LetterKind:
        return LetterKind(self.kind.currentData())

    def _on_kind(self) -> None:
        # a repayment method is a choice only for an offer's schedule
        self.method.setEnabled(self.chosen_kind() is LetterKind.OFFER and self.method.count() > 0)

    def _on_save(self) -> None:
        if not self.password.text():
            show_text(
                self.problem,
                QCoreApplication.translate("Printing", "Enter your password to print."),
            )
            self.password.setFocus()
            return
        show_text(self.problem, "")
        chooser = QFileDialog(self, QCoreApplication.translate("Printing", "Save the PDF"))
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setDefaultSuffix("pdf")
        chooser.setNameFilter(QCoreApplication.translate("Printing", "PDF documents (*.pdf)"))
        language = self.language.currentData()
        chooser.selectFile(f"{self._case.case_no}-{self.chosen_kind().value}-{language}.pdf")
        chooser.fileSelected.connect(self.save_to)
        chooser.finished.connect(chooser.deleteLater)
        self.chooser = chooser
        chooser.open()

    def save_to(self, path: str) -> None:
        """Print the chosen document and write it to ``path``, off the UI thread."""
        case_id, kind = self._case.case_id, self.chosen_kind().value
        language, password = str(self.language.currentData()), self.password.text()
        method_code = self.method.currentData() if self.method.isEnabled() else None
        method = Method(method_code) if method_code else None
        target = Path(path)
        self.save.setEnabled(False)
        self._tasks.run(
            lambda: _printed(self._service, case_id, kind, language, password, method, target),
            self._on_saved,
            self._on_refused,
            lane=Lane.WRITE,
            on_finally=lambda: self.save.setEnabled(True),
        )

    def _on_saved(self, path: str) -> None:
        self.pdf_did_save.emit(path)
        self.accept()

    def _on_refused(self, exc: UserError) -> None:
        if exc.code in messages.SESSION_CODES:
            messages.show_user_error(self, exc)
            return
        if exc.code.startswith("signin."):
            self.password.clear()
            self.password.setFocus()
        show_text(self.problem, refusal_text(exc))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("Printing", "Print"))
        self.intro.setText(
            QCoreApplication.translate("Printing", "Print a document of case {0}.").format(
                self._case.case_no
            )
        )
        self.kind_label.setText(QCoreApplication.translate("Printing", "Document"))
        self.language_label.setText(QCoreApplication.translate("Printing", "Language"))
        self.method_label.setText(QCoreApplication.translate("Printing", "Repayment method"))
        self.password_label.setText(QCoreApplication.translate("Printing", "Your password"))
        self.note.setText(
            QCoreApplication.translate(
                "Printing",
                "Each print is recorded in the audit log with your name. The PDF is written "
                "only where you save it.",
            )
        )
        self.save.setText(QCoreApplication.translate("Printing", "Save PDF…"))
        for i in range(self.kind.count()):
            self.kind.setItemText(i, kind_label(LetterKind(self.kind.itemData(i))))
        for i in range(self.method.count()):
            self.method.setItemText(i, method_label(Method(self.method.itemData(i))))


def _sheet_printed(service: LetterService, product: str, language: str, path: Path) -> str:
    """Make a product's sheet, record the print and save it to ``path`` (on a worker)."""
    check_writable(path)
    save_pdf(path, service.product_sheet(product, language))
    return str(path)


class ProductSheetDialog(QDialog):
    """A product's sheet for the applicant: what to bring and how repayment works, as PDF.

    It carries no personal data, so no password; the print is still recorded.
    """

    pdf_did_save = Signal(str)

    def __init__(
        self, service: LetterService, tasks: TaskManager, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("product-sheet-dialog")
        self._service = service
        self._tasks = ScreenTasks(tasks, self)
        self.chooser: QFileDialog | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.product = QComboBox()
        self.product.setObjectName("sheet-product")
        for code in self._service.products():
            self.product.addItem("", code)
        self.language = QComboBox()
        self.language.setObjectName("sheet-language")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        ui_language = "zh" if doctexts.language().startswith("zh") else "en"
        self.language.setCurrentIndex(self.language.findData(ui_language))
        self.problem = problem_label("sheet-problem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save.setObjectName("sheet-save")
        self.save.clicked.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.product_label, self.language_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.product_label, self.product)
        form.addRow(self.language_label, self.language)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.retranslate()

    def _on_save(self) -> None:
        chooser = QFileDialog(self, QCoreApplication.translate("Printing", "Save the PDF"))
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setDefaultSuffix("pdf")
        chooser.setNameFilter(QCoreApplication.translate("Printing", "PDF documents (*.pdf)"))
        chooser.selectFile(f"{self.product.currentData()}-{self.language.currentData()}.pdf")
        chooser.fileSelected.connect(self.save_to)
        chooser.finished.connect(chooser.deleteLater)
        self.chooser = chooser
        chooser.open()

    def save_to(self, path: str) -> None:
        """Print the chosen product's sheet and write it to ``path``, off the UI thread."""
        product, language = str(self.product.currentData()), str(self.language.currentData())
        target = Path(path)
        self.save.setEnabled(False)
        self._tasks.run(
            lambda: _sheet_printed(self._service, product, language, target),
            self._on_saved,
            lambda exc: show_text(self.problem, refusal_text(exc)),
            lane=Lane.WRITE,
            on_finally=lambda: self.save.setEnabled(True),
        )

    def _on_saved(self, path: str) -> None:
        self.pdf_did_save.emit(path)
        self.accept()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("Printing", "Product sheet"))
        self.intro.setText(
            QCoreApplication.translate(
                "Printing",
                "A sheet for applicants: what to bring, the amounts and terms, and how each "
                "repayment method works, with a worked example.",
            )
        )
        self.product_label.setText(QCoreApplication.translate("Printing", "Product"))
        self.language_label.setText(QCoreApplication.translate("Printing", "Language"))
        self.save.setText(QCoreApplication.translate("Printing", "Save PDF…"))
        for i in range(self.product.count()):
            self.product.setItemText(i, texts.product_label(str(self.product.itemData(i))))
