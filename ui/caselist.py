"""The case list: a lazily fetching table that keeps 100,000 cases open.

The model first gets the ordered ids of every matching case (one cheap query),
so it knows its row count at once; it then fetches summaries a page at a time
when the view asks for rows it has not seen, and keeps them in an LRU cache.
ID numbers show masked; a search by a whole ID number still goes to the
service as typed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.applicant import PRODUCTS
from app.domain.case import CaseSummary, Status
from app.domain.masking import mask_field
from app.domain.roles import Action, Role, allowed
from app.services.cases import CaseQuery, CaseService, Scope
from app.services.changes import OpChanges
from ui import texts
from ui.taskman import TaskHandle, TaskManager

PAGE_SIZE = 200
CACHE_ROWS = 20_000
SEARCH_DELAY_MS = 250
MAX_PAGES_IN_FLIGHT = 4
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    CASE_NO = 0
    NAME = 1
    ID_NUMBER = 2
    AMOUNT = 3
    PRODUCT = 4
    STATUS = 5
    UPDATED = 6


def _header(column: Column) -> str:
    words = {
        Column.CASE_NO: QCoreApplication.translate("CaseList", "Case number"),
        Column.NAME: QCoreApplication.translate("CaseList", "Applicant"),
        Column.ID_NUMBER: QCoreApplication.translate("CaseList", "ID number"),
        Column.AMOUNT: QCoreApplication.translate("CaseList", "Amount"),
        Column.PRODUCT: QCoreApplication.translate("CaseList", "Product"),
        Column.STATUS: QCoreApplication.translate("CaseList", "Status"),
        Column.UPDATED: QCoreApplication.translate("CaseList", "Last change"),
    }
    return words[column]


def cell_text(summary: CaseSummary, column: Column) -> str:
    values = {
        Column.CASE_NO: summary.case_no,
        Column.NAME: summary.full_name or "",
        Column.ID_NUMBER: str(mask_field("id_number", summary.id_number) or ""),
        Column.AMOUNT: texts.format_amount(summary.amount, summary.currency),
        Column.PRODUCT: texts.product_label(summary.product) if summary.product else "",
        Column.STATUS: texts.status_label(summary.status),
        Column.UPDATED: texts.format_time(summary.updated_at),
    }
    return values[column]


class CaseListModel(QAbstractTableModel):
    """Rows are case ids in list order; cells come from summaries fetched by page."""

    keys_did_load = Signal(int)
    page_did_load = Signal(int)

    def __init__(self, cases: CaseService, tasks: TaskManager, parent: QObject | None = None):
        super().__init__(parent)
        self._cases = cases
        self._tasks = tasks
        self._query = CaseQuery()
        self._ids: list[str] = []
        self._cache: OrderedDict[str, CaseSummary] = OrderedDict()
        # Each cached row's cell texts, made once: painting asks for them often.
        self._texts: dict[str, tuple[str, ...]] = {}
        self._page_tasks: OrderedDict[int, TaskHandle] = OrderedDict()
        self._generation = 0
        self._keys_task: TaskHandle | None = None
        self._loaded_query: CaseQuery | None = None

    @property
    def query(self) -> CaseQuery:
        return self._query

    @property
    def loaded_query(self) -> CaseQuery | None:
        """The query whose rows are shown, once its ids have arrived."""
        return self._loaded_query

    def set_query(self, query: CaseQuery) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Ask again for the ids; rows change when they arrive, never half-way."""
        if self._keys_task is not None:
            self._keys_task.cancel()
        query = self._query
        self._keys_task = self._tasks.run(
            lambda: self._cases.keys(query), lambda ids: self._on_keys_loaded(query, ids)
        )

    def _on_keys_loaded(self, query: CaseQuery, ids: list[str]) -> None:
        if query != self._query:
            return
        self.beginResetModel()
        self._ids = ids
        self._loaded_query = query
        self._generation += 1
        for handle in self._page_tasks.values():
            handle.cancel()
        self._page_tasks.clear()
        self.endResetModel()
        self.keys_did_load.emit(len(ids))

    def forget(self, case_ids: frozenset[str]) -> None:
        """Drop cached summaries of cases that changed, so they are fetched again."""
        for case_id in case_ids:
            self._cache.pop(case_id, None)
            self._texts.pop(case_id, None)

    # -- Qt model ------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _header(Column(section))
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every visible cell on each paint: keep it lean.
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self.row_texts(index.row())
            if texts is None:
                return "…" if index.column() == Column.CASE_NO else ""
            return texts[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == Column.AMOUNT:
            return _RIGHT
        if role == Qt.ItemDataRole.UserRole and 0 <= index.row() < len(self._ids):
            return self._ids[index.row()]
        return None

    # -- rows ----------------------------------------------------------------
    def case_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, case_id: str) -> int | None:
        try:
            return self._ids.index(case_id)
        except ValueError:
            return None

    def summary(self, row: int) -> CaseSummary | None:
        """The row's summary if cached; otherwise None, and its page is fetched."""
        if not 0 <= row < len(self._ids):
            return None
        case_id = self._ids[row]
        found = self._cache.get(case_id)
        if found is None:
            self._fetch(row // PAGE_SIZE)
            return None
        self._cache.move_to_end(case_id)
        return found

    def row_texts(self, row: int) -> tuple[str, ...] | None:
        summary = self.summary(row)
        if summary is None:
            return None
        texts = self._texts.get(summary.case_id)
        if texts is None:
            texts = tuple(cell_text(summary, column) for column in Column)
            self._texts[summary.case_id] = texts
        return texts

    def _fetch(self, page: int) -> None:
        if page in self._page_tasks:
            return
        if len(self._page_tasks) >= MAX_PAGES_IN_FLIGHT:
            # Scrolling fast: pages asked for a moment ago are already off screen.
            _page, stale = self._page_tasks.popitem(last=False)
            stale.cancel()
        ids = self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        wanted = [i for i in ids if i not in self._cache]
        generation = self._generation
        handle = self._tasks.run(
            lambda: self._cases.summaries(wanted),
            lambda found: self._on_page_loaded(generation, page, found),
            on_finally=lambda: self._on_page_settled(page, handle),
        )
        self._page_tasks[page] = handle

    def _on_page_settled(self, page: int, handle: TaskHandle) -> None:
        if self._page_tasks.get(page) is handle:
            del self._page_tasks[page]

    def _on_page_loaded(self, generation: int, page: int, found: Sequence[CaseSummary]) -> None:
        if generation != self._generation:
            return
        for summary in found:
            self._cache[summary.case_id] = summary
        while len(self._cache) > CACHE_ROWS:
            evicted, _summary = self._cache.popitem(last=False)
            self._texts.pop(evicted, None)
        first = page * PAGE_SIZE
        last = min(first + PAGE_SIZE, len(self._ids)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))
        self.page_did_load.emit(page)

    def retranslate(self) -> None:
        self._texts.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(Column) - 1))


class CaseListPanel(QWidget):
    """Search box, status filter and the table; says which case the user picked."""

    case_was_selected = Signal(str)

    def __init__(self, cases: CaseService, tasks: TaskManager, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = CaseListModel(cases, tasks, self)
        self.search = QLineEdit()
        self.search.setObjectName("case-search")
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(100)
        self.status = QComboBox()
        self.status.setObjectName("case-status-filter")
        self.scope = QComboBox()
        self.scope.setObjectName("case-scope")
        self._scopes: list[Scope] = [Scope.ALL]
        self.scope.hide()
        self.table = self._make_table()
        #: what an empty list says instead of nothing
        self.empty = QLabel()
        self.empty.setObjectName("case-list-empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setContentsMargins(24, 24, 24, 24)
        self.empty.hide()
        self._wanted: str | None = None
        self._may_create = True
        self._shown_query = CaseQuery()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._lay_out()
        self._connect()
        self.retranslate()

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setTabKeyNavigation(False)  # arrows move within it; Tab moves on
        table.setObjectName("case-table")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        # Fixed row heights and column widths: anything sized to contents would
        # read every row of a 100,000-row list.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        return table

    def _size_columns(self) -> None:
        """Widths from the font and the words of the current language, never from rows."""
        samples = {
            Column.CASE_NO: ["LD-WWWW-000000"],
            Column.NAME: ["Ouyang Ming", "欧阳小明"],
            Column.ID_NUMBER: ["00000000000000000X"],
            Column.AMOUNT: ["99,999,999.00 CNY"],
            Column.PRODUCT: [texts.product_label(code) for code in PRODUCTS],
            Column.STATUS: [texts.status_label(status) for status in Status],
            Column.UPDATED: ["2026-12-31 23:59"],
        }
        metrics = self.table.fontMetrics()
        for column, words in samples.items():
            widest = max(metrics.horizontalAdvance(w) for w in [*words, _header(column)])
            self.table.setColumnWidth(column, widest + 14)

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.scope)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._on_search_text_changed)
        self._debounce.timeout.connect(self._on_search_due)
        self.status.currentIndexChanged.connect(self._on_search_due)
        self.scope.currentIndexChanged.connect(self._on_search_due)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.keys_did_load.connect(self._on_keys_did_load)

    # -- searching -------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def set_roles(self, roles: Iterable[Role]) -> None:
        """Offer the worklists the roles have: an officer's own cases, a supervisor's queue."""
        held = frozenset(roles)
        self._may_create = allowed(held, Action.CASE_CREATE)
        self._scopes = [Scope.ALL]
        if allowed(held, Action.CASE_CREATE):
            self._scopes.append(Scope.MINE)
        if allowed(held, Action.CASE_APPROVE):
            self._scopes.append(Scope.AWAITING_ME)
        self._fill_scopes()
        self.scope.setVisible(len(self._scopes) > 1)

    def show_scope(self, scope: Scope) -> None:
        """Show the worklist ``scope`` (if the roles offer it)."""
        index = self.scope.findData(scope.value)
        if index >= 0:
            self.scope.setCurrentIndex(index)

    def _fill_scopes(self) -> None:
        labels = {
            Scope.ALL: QCoreApplication.translate("CaseList", "All cases"),
            Scope.MINE: QCoreApplication.translate("CaseList", "My cases"),
            Scope.AWAITING_ME: QCoreApplication.translate("CaseList", "Awaiting my decision"),
        }
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        for scope in self._scopes:
            self.scope.addItem(labels[scope], scope.value)
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)))
        self.scope.blockSignals(False)

    def current_query(self) -> CaseQuery:
        status = self.status.currentData()
        scope = self.scope.currentData()
        return CaseQuery(
            text=self.search.text(),
            status=Status(status) if status else None,
            scope=Scope(scope) if scope else Scope.ALL,
        )

    def _on_search_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def stop(self) -> None:
        """Drop a search still waiting for the typing to pause: the window is closing."""
        self._debounce.stop()

    def _on_search_due(self, *_args: object) -> None:
        self._debounce.stop()
        self.model.set_query(self.current_query())

    # -- selection -------------------------------------------------------------
    def select_case(self, case_id: str | None) -> None:
        """Select ``case_id`` now if listed, or as soon as the list shows it."""
        self._wanted = case_id
        row = self.model.row_of(case_id) if case_id else None
        if row is None:
            self.table.clearSelection()
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def selected_case(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.case_id(rows[0].row()) if rows else None

    def _on_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        case_id = self.selected_case()
        if case_id is not None:
            self._wanted = case_id
            self.case_was_selected.emit(case_id)

    def _show_empty(self) -> None:
        """Say why the list is empty, and what to do: another search, or a first case."""
        query = self.model.query
        if self.model.rowCount() > 0:
            self.empty.hide()
            return
        if query.text.strip() or query.status is not None:
            text = QCoreApplication.translate(
                "CaseList", "No case matches. Clear the search or choose All statuses."
            )
        elif query.scope is Scope.AWAITING_ME:
            text = QCoreApplication.translate(
                "CaseList", "No case waits for your decision. Cases submitted for review come here."
            )
        elif query.scope is Scope.MINE:
            text = QCoreApplication.translate(
                "CaseList", "You have opened no case yet: File → New case (Ctrl+N) opens one."
            )
        elif self._may_create:
            text = QCoreApplication.translate(
                "CaseList",
                "No case yet. File → New case (Ctrl+N) opens one; cases from the other "
                "desks of the branch come with the next sync.",
            )
        else:
            text = QCoreApplication.translate(
                "CaseList", "No case yet. Cases the branch's officers open come here."
            )
        self.empty.setText(text)
        self.empty.show()

    def _on_keys_did_load(self, _count: int) -> None:
        self._show_empty()
        # A reload resets the rows; keep the case the user was on selected.
        if self._wanted is not None and self.model.row_of(self._wanted) is not None:
            self.select_case(self._wanted)
        elif self.model.query != self._shown_query:
            # New results start at their top, not where the old list was scrolled.
            self.table.scrollToTop()
        self._shown_query = self.model.query

    # -- refresh ---------------------------------------------------------------
    def on_operation(self, changes: OpChanges) -> None:
        self.model.forget(changes.case_ids)
        if changes.case_list or changes.case_ids:
            self.model.reload()

    def retranslate(self) -> None:
        # what a screen reader says of each: they have no label beside them
        self.search.setAccessibleName(QCoreApplication.translate("CaseList", "Search the cases"))
        self.status.setAccessibleName(
            QCoreApplication.translate("CaseList", "Show the cases of status")
        )
        self.scope.setAccessibleName(QCoreApplication.translate("CaseList", "Worklist"))
        self.table.setAccessibleName(QCoreApplication.translate("CaseList", "Cases"))
        self.search.setPlaceholderText(
            QCoreApplication.translate("CaseList", "Search by name, ID number or case number")
        )
        current = self.status.currentData()
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(QCoreApplication.translate("CaseList", "All statuses"), None)
        for status in Status:
            self.status.addItem(texts.status_label(status), status.value)
        self.status.setCurrentIndex(max(0, self.status.findData(current)))
        self.status.blockSignals(False)
        self._fill_scopes()
        self.model.retranslate()
        self._size_columns()
        if not self.empty.isHidden():
            self._show_empty()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
