"""The Offer tab: the case's loan under each repayment method, side by side, and its schedule."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.offers import Method, Schedule
from app.errors import UserError
from app.services.offers import NoOffer, OfferService, OfferSheet
from ui import texts
from ui.casetab import CaseTab
from ui.notices import problem_label, show_text
from ui.operations import Operations
from ui.printing import method_label

#: the rows of the comparison, top to bottom
ROWS = ("first", "largest", "last", "interest", "fee", "cost", "repaid", "apr")


def _money(value: Decimal) -> str:
    return texts.format_amount(str(value), "CNY")


def short_label(method: Method) -> str:
    """A repayment method in a column header's few words."""
    labels = {
        Method.EQUAL_INSTALMENTS: QCoreApplication.translate("Offer", "Equal instalments"),
        Method.EQUAL_PRINCIPAL: QCoreApplication.translate("Offer", "Equal principal"),
        Method.INTEREST_ONLY: QCoreApplication.translate("Offer", "Interest only"),
    }
    return labels[method]


def no_offer_text(error: UserError) -> str:
    """Why there is no offer, in the UI language."""
    args = error.args_shown if isinstance(error, NoOffer) else ()
    words = {
        "offer.missing": QCoreApplication.translate(
            "Offer", "Fill in the product, the amount and the term to see the offer."
        ),
        "offer.amount": QCoreApplication.translate(
            "Offer", "The product lends {0} to {1} CNY: change the amount to see the offer."
        ),
        "offer.term": QCoreApplication.translate(
            "Offer", "The product lends over {0} to {1} months: change the term to see the offer."
        ),
    }
    text = words.get(error.code)
    return text.format(*args) if text is not None else str(error)


class OffersTab(CaseTab[OfferSheet]):
    """Read-only: what the applicant would be offered; recomputed whenever the case changes."""

    def __init__(
        self, service: OfferService, ops: Operations, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, parent)
        self._service = service
        self.sheet: OfferSheet | None = None
        self.summary = QLabel()
        self.summary.setObjectName("offer-summary")
        self.summary.setWordWrap(True)
        self.problem = problem_label("offer-problem")
        self.compare = QTableWidget(len(ROWS), 0)
        self.compare.setTabKeyNavigation(False)
        self.compare.setObjectName("offer-compare")
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.compare.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.compare.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.affordable = QLabel()
        self.affordable.setObjectName("offer-affordable")
        self.affordable.setWordWrap(True)
        self.method = QComboBox()
        self.method.setObjectName("offer-method")
        self.method.currentIndexChanged.connect(lambda _i: self._render_schedule())
        self.method_label = QLabel()
        self.method_label.setBuddy(self.method)
        self.schedule = QTableWidget(0, 5)
        self.schedule.setTabKeyNavigation(False)
        self.schedule.setObjectName("offer-schedule")
        self.schedule.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.schedule.verticalHeader().hide()
        self.schedule.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.schedule.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        pick = QHBoxLayout()
        pick.addWidget(self.method_label)
        pick.addWidget(self.method)
        pick.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.compare)
        layout.addWidget(self.affordable)
        layout.addLayout(pick)
        layout.addWidget(self.schedule, 1)
        self.retranslate()

    # -- the case (read by CaseTab once the tab shows) ----------------------------
    def _read(self, case_id: str) -> OfferSheet:
        return self._service.sheet(case_id)

    def _show(self, result: OfferSheet) -> None:
        self.problem.hide()
        self._show_sheet(result)

    def _clear(self) -> None:
        self._show_sheet(None)

    def _refused(self, error: UserError) -> None:
        self._show_sheet(None)
        show_text(self.problem, no_offer_text(error))

    # -- showing -----------------------------------------------------------------
    def _show_sheet(self, sheet: OfferSheet | None) -> None:
        self.sheet = sheet
        chosen = self.method.currentData()
        self.method.blockSignals(True)
        self.method.clear()
        for item in sheet.schedules if sheet is not None else ():
            self.method.addItem(method_label(item.method), item.method.value)
        self.method.setCurrentIndex(max(0, self.method.findData(chosen)))
        self.method.blockSignals(False)
        self._render()

    def _render(self) -> None:
        sheet = self.sheet
        for widget in (self.compare, self.affordable, self.method, self.method_label):
            widget.setVisible(sheet is not None)
        self.schedule.setVisible(sheet is not None)
        if sheet is None:
            self.summary.clear()
            self.compare.setColumnCount(0)
            self.schedule.setRowCount(0)
            return
        product = sheet.product
        self.summary.setText(
            QCoreApplication.translate(
                "Offer",
                "{0}: {1} over {2} months at {3} % a year; arrangement fee {4}. "
                "The methods the product offers, side by side:",
            ).format(
                texts.product_label(product.code),
                _money(sheet.amount),
                sheet.months,
                product.annual_rate,
                _money(sheet.fee),
            )
        )
        self.compare.setColumnCount(len(sheet.schedules))
        self.compare.setHorizontalHeaderLabels([short_label(s.method) for s in sheet.schedules])
        for column, item in enumerate(sheet.schedules):
            header_item = self.compare.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(method_label(item.method))
        for column, item in enumerate(sheet.schedules):
            for row, value in enumerate(self._figures(item)):
                cell = QTableWidgetItem(value)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.compare.setItem(row, column, cell)
        self.compare.setFixedHeight(
            self.compare.horizontalHeader().height()
            + sum(self.compare.rowHeight(r) for r in range(len(ROWS)))
            + 4
        )
        if sheet.affordable is None:
            self.affordable.setText(
                QCoreApplication.translate(
                    "Offer", "Enter the monthly income to see the largest affordable amount."
                )
            )
        else:
            self.affordable.setText(
                QCoreApplication.translate(
                    "Offer",
                    "Largest affordable amount over {0} months in equal instalments, with all "
                    "debt payments within {1} of income: {2}.",
                ).format(
                    sheet.months,
                    f"{product.rules.max_dti:.0%}",
                    _money(sheet.affordable),
                )
            )
        self._render_schedule()

    @staticmethod
    def _figures(item: Schedule) -> list[str]:
        return [
            _money(item.first_payment),
            _money(item.largest_payment),
            _money(item.rows[-1].payment),
            _money(item.total_interest),
            _money(item.fees),
            _money(item.total_cost),
            _money(item.total_paid),
            f"{item.apr} %",
        ]

    def _render_schedule(self) -> None:
        sheet, chosen = self.sheet, self.method.currentData()
        if sheet is None or chosen is None:
            self.schedule.setRowCount(0)
            return
        rows = sheet.schedule(Method(chosen)).rows
        self.schedule.setRowCount(len(rows))
        for i, row in enumerate(rows):
            values = (
                str(row.month),
                f"{row.payment:,}",
                f"{row.principal:,}",
                f"{row.interest:,}",
                f"{row.balance:,}",
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.schedule.setItem(i, column, cell)

    def retranslate(self) -> None:
        self.compare.setAccessibleName(
            QCoreApplication.translate("Offer", "The repayment methods side by side")
        )
        self.schedule.setAccessibleName(
            QCoreApplication.translate("Offer", "The repayment schedule")
        )
        self.compare.setVerticalHeaderLabels(
            [
                QCoreApplication.translate("Offer", "First instalment"),
                QCoreApplication.translate("Offer", "Largest instalment"),
                QCoreApplication.translate("Offer", "Last instalment"),
                QCoreApplication.translate("Offer", "Total interest"),
                QCoreApplication.translate("Offer", "Arrangement fee"),
                QCoreApplication.translate("Offer", "Total cost: interest and fee"),
                QCoreApplication.translate("Offer", "Total of the instalments"),
                QCoreApplication.translate("Offer", "APR"),
            ]
        )
        self.method_label.setText(QCoreApplication.translate("Offer", "Schedule for"))
        self.schedule.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Offer", "Month"),
                QCoreApplication.translate("Offer", "Payment (CNY)"),
                QCoreApplication.translate("Offer", "Principal"),
                QCoreApplication.translate("Offer", "Interest"),
                QCoreApplication.translate("Offer", "Balance after"),
            ]
        )
        for i in range(self.method.count()):
            self.method.setItemText(i, method_label(Method(self.method.itemData(i))))
        self._render()
        if self.problem.isVisible() and self._case is not None:
            self._load()  # the refusal is said again in the new language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
