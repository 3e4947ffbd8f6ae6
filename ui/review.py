"""The review screen of one document: its page on the left, the fields read from it on the right.

Focusing a field marks its box on the page. Clicking a word on the page
focuses the field whose box holds that word; a word outside every field's
box is typed into the field last focused, so a value the reader missed can
be picked off the page. Confirm records the values as the officer settled them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.docevents import DocumentState
from app.errors import InvalidInput, UserError
from app.services.changes import CaseOpChanges
from app.services.intake import IntakeService, PageWords
from ocr.types import Box, Word
from ui import messages, texts
from ui.fieldspanel import FieldsPanel
from ui.notices import ERROR_COLOUR
from ui.operations import Operations
from ui.pageview import PageView, to_qimage
from ui.taskman import ScreenTasks


@dataclass(frozen=True)
class LoadedPage:
    index: int
    image: QImage
    words: PageWords


@dataclass(frozen=True)
class LoadedDocument:
    doc: DocumentState
    names: dict[str, str]


class PageBar(QWidget):
    """Page n of m with previous/next, and the zoom buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.previous = QPushButton("◀")
        self.next = QPushButton("▶")
        self.where = QLabel()
        self.zoom_out = QPushButton("−")
        self.zoom_in = QPushButton("+")
        self.fit = QPushButton()
        for button, name in (
            (self.previous, "previous-page"),
            (self.next, "next-page"),
            (self.zoom_out, "zoom-out"),
            (self.zoom_in, "zoom-in"),
            (self.fit, "zoom-fit"),
        ):
            button.setObjectName(name)
            button.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.previous, self.where, self.next):
            layout.addWidget(widget)
        layout.addStretch(1)
        for widget in (self.zoom_out, self.zoom_in, self.fit):
            layout.addWidget(widget)

    def show_page(self, index: int, count: int) -> None:
        self.where.setText(
            QCoreApplication.translate("Review", "Page {0} of {1}").format(index + 1, count)
        )
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index + 1 < count)

    def retranslate(self) -> None:
        self.fit.setText(QCoreApplication.translate("Review", "Fit page"))
        self.zoom_in.setToolTip(QCoreApplication.translate("Review", "Zoom in (+, Ctrl+wheel)"))
        self.zoom_out.setToolTip(QCoreApplication.translate("Review", "Zoom out (−, Ctrl+wheel)"))
        self.previous.setToolTip(QCoreApplication.translate("Review", "Previous page"))
        self.next.setToolTip(QCoreApplication.translate("Review", "Next page"))


class ReviewDialog(QDialog):
    """Check and confirm one document's fields against its pages."""

    #: (index) a page is on show
    page_did_load = Signal(int)
    #: (document_id) the document is loaded (again)
    document_did_load = Signal(str)
    #: (confirmed: bool) a confirm finished, recorded or refused
    confirm_did_finish = Signal(bool)

    def __init__(
        self,
        intake: IntakeService,
        ops: Operations,
        case_id: str,
        document_id: str,
        user_names: Callable[[], dict[str, str]],
        parent: QWidget | None = None,
        *,
        may_confirm: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("review")
        self.intake, self.ops = intake, ops
        self.case_id, self.document_id = case_id, document_id
        self._user_names = user_names
        self.may_confirm = may_confirm
        self.tasks = ScreenTasks(ops.tasks, self)
        self.doc: DocumentState | None = None
        self.page_index = -1
        self._names: dict[str, str] = {}
        self._focused: str | None = None
        self._make_widgets()
        self._lay_out()
        self._connect()
        self.retranslate()
        self.resize(1280, 820)
        self.load()

    def _make_widgets(self) -> None:
        self.page_view = PageView()
        self.page_bar = PageBar()
        self.fields = FieldsPanel()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.title.setWordWrap(True)
        self.confirmed = QLabel()
        self.confirmed.setObjectName("confirmed-by")
        self.confirmed.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setObjectName("review-banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.banner.hide()
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirm")
        self.confirm_button.setDefault(True)
        self.close_button = QPushButton()
        self.close_button.setAutoDefault(False)

    def _lay_out(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.page_bar)
        left_layout.addWidget(self.page_view, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.confirm_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.confirmed):
            right_layout.addWidget(widget)
        right_layout.addWidget(scroll, 1)
        right_layout.addWidget(self.banner)
        right_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        bar = self.page_bar
        bar.previous.clicked.connect(lambda: self.show_page(self.page_index - 1))
        bar.next.clicked.connect(lambda: self.show_page(self.page_index + 1))
        bar.zoom_in.clicked.connect(self.page_view.zoom_in)
        bar.zoom_out.clicked.connect(self.page_view.zoom_out)
        bar.fit.clicked.connect(self.page_view.fit)
        self.fields.field_did_focus.connect(self._on_field_did_focus)
        self.page_view.word_was_clicked.connect(self._on_word_was_clicked)
        self.confirm_button.clicked.connect(self.confirm)
        self.close_button.clicked.connect(self.close)
        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.page_view.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.page_view.zoom_out),
        ):
            QShortcut(keys, self).activated.connect(slot)

    # -- loading -------------------------------------------------------------------
    def load(self) -> None:
        intake, case_id, document_id = self.intake, self.case_id, self.document_id
        names = self._user_names
        self.tasks.run(
            lambda: LoadedDocument(intake.document(case_id, document_id), names()),
            self._on_document_loaded,
        )

    def _on_document_loaded(self, loaded: LoadedDocument) -> None:
        self.doc, self._names = loaded.doc, loaded.names
        self.fields.show_document(loaded.doc)
        self.fields.set_editable(self.may_confirm)
        self.confirm_button.setVisible(self.may_confirm)
        self.confirm_button.setEnabled(bool(loaded.doc.pages) or loaded.doc.status != "attached")
        self.retranslate()
        if loaded.doc.pages and self.page_index < 0:
            self.show_page(0)
        self.document_did_load.emit(self.document_id)

    def show_page(self, index: int) -> None:
        doc = self.doc
        if doc is None or not 0 <= index < len(doc.pages):
            return
        page = doc.pages[index]
        intake = self.intake

        def fetch() -> LoadedPage:
            return LoadedPage(
                index, to_qimage(intake.page_image(page.image)), intake.page_words(page.words)
            )

        self.tasks.run(fetch, self._on_page_loaded)

    def _on_page_loaded(self, page: LoadedPage) -> None:
        self.page_index = page.index
        self.page_view.show_page(page.image, page.words.words)
        self.page_bar.show_page(page.index, len(self.doc.pages) if self.doc else 1)
        if self._focused is not None:
            self.page_view.highlight(self._box_on_page(self._focused))
        self.page_did_load.emit(page.index)

    # -- fields and the page ---------------------------------------------------------
    def _box_on_page(self, name: str) -> Box | None:
        row = self.fields.row(name) if name in self.fields.names() else None
        read = row.read if row is not None else None
        if read is None or read.box is None or (read.page or 0) != self.page_index:
            return None
        return Box(*read.box)

    def _on_field_did_focus(self, name: str) -> None:
        self._focused = name
        read = self.fields.row(name).read
        if read is not None and read.box is not None and (read.page or 0) != self.page_index:
            self.show_page(read.page or 0)  # highlighted once the page is on show
            return
        self.page_view.highlight(self._box_on_page(name))

    def _on_word_was_clicked(self, word: Word) -> None:
        middle_x = word.box.left + word.box.width / 2
        middle_y = word.box.top + word.box.height / 2
        for name in self.fields.names():
            box = self._box_on_page(name)
            if box is not None and box.left <= middle_x <= box.right:
                if box.top <= middle_y <= box.bottom:
                    self.fields.focus_field(name)
                    return
        if self._focused is not None and self.may_confirm:
            line = self.fields.row(self._focused).line
            line.insert(word.text)
            line.textEdited.emit(line.text())
            line.setFocus()

    # -- confirming ------------------------------------------------------------------
    def confirm(self) -> None:
        if not self.may_confirm or not self.confirm_button.isEnabled():
            return
        intake, case_id, document_id = self.intake, self.case_id, self.document_id
        values, kind = self.fields.values(), self.fields.kind
        self.confirm_button.setEnabled(False)
        self.banner.hide()
        self.ops.run(
            lambda: intake.confirm(case_id, document_id, values, kind=kind),
            initiator=self,
            on_done=self._on_confirmed,
            on_error=self._on_confirm_refused,
            on_finally=lambda: self.confirm_button.setEnabled(True),
        )

    def _on_confirmed(self, _changes: CaseOpChanges) -> None:
        self.load()
        self.confirm_did_finish.emit(True)

    def _on_confirm_refused(self, exc: UserError) -> None:
        if isinstance(exc, InvalidInput):
            marked = self.fields.show_problems(exc.problems)
            self.banner.setText(
                QCoreApplication.translate(
                    "Review", "Not confirmed: {0} field(s) need attention."
                ).format(len(marked) or len(exc.problems))
            )
            self.banner.show()
        else:
            messages.show_user_error(self, exc)
        self.confirm_did_finish.emit(False)

    # -- language --------------------------------------------------------------
    def _confirmed_text(self) -> str:
        doc = self.doc
        if doc is None or doc.status != "confirmed" or doc.confirmed_by is None:
            return ""
        unknown = QCoreApplication.translate("History", "unknown user")
        name = self._names.get(doc.confirmed_by, unknown)
        # DocumentState carries the time once the intake service records it.
        at = doc.confirmed_at
        if isinstance(at, str):
            return QCoreApplication.translate("Review", "✓ Confirmed by {0} on {1}").format(
                name, texts.format_time(at)
            )
        return QCoreApplication.translate("Review", "✓ Confirmed by {0}").format(name)

    def retranslate(self) -> None:
        doc = self.doc
        name = doc.name if doc is not None else ""
        self.setWindowTitle(QCoreApplication.translate("Review", "Review: {0}").format(name))
        self.title.setText(name)
        self.confirmed.setText(self._confirmed_text())
        self.confirmed.setVisible(bool(self.confirmed.text()))
        self.confirmed.setStyleSheet("color: #1b5e20; font-weight: 600;")
        self.confirm_button.setText(QCoreApplication.translate("Review", "Confirm fields"))
        self.close_button.setText(QCoreApplication.translate("Review", "Close"))
        self.page_bar.retranslate()
        if doc is not None and doc.pages:
            self.page_bar.show_page(max(self.page_index, 0), len(doc.pages))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
