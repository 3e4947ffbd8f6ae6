"""The admin screens' lists: a read-only table of records and the dialog laid out around it."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLayout,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)


def record_table(name: str, columns: type[IntEnum], stretch: IntEnum) -> QTableWidget:
    """One record a row, chosen whole and never edited; ``stretch`` takes the spare width."""
    table = QTableWidget(0, len(columns))
    table.setTabKeyNavigation(False)  # arrows move within it; Tab moves on
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for column in columns:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def lay_out_around(
    screen: QWidget, above: QLayout, table: QTableWidget, *below: QWidget | QLayout
) -> None:
    """Controls above the table, the table taking the spare height, the rest under it."""
    layout = QVBoxLayout(screen)
    layout.addLayout(above)
    layout.addWidget(table, 1)
    for part in below:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
