"""A bank statement's transaction table: rows of date, description, debit, credit, balance.

Whether an amount went in or out is taken from the running balance (the
previous balance plus credits minus debits gives this row's), which holds
whichever order or language the columns are printed in; the header's column
positions decide only where no balance came before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from ocr.extract.common import visual_lines
from ocr.parse import find_dates, fix_digits, label_key, parse_amount
from ocr.types import Line, PageText, Word

_AMOUNT = re.compile(r"(?<![\d.])[-(]?\d[\d,]*\.\d\d\)?(?![\d])")
_COMPACT = re.compile(r"\s*(?:19|20)\d{6}(?!\d)")
_OPENING = ("期初余额", "上期余额", "openingbalance", "balancebroughtforward", "承前页")
_DEBIT = ("支出", "借方", "debit", "withdrawal", "withdrawals", "paidout")
_CREDIT = ("收入", "存入", "贷方", "credit", "deposit", "deposits", "paidin")


@dataclass(frozen=True)
class Row:
    day: date
    description: str
    debit: Decimal
    credit: Decimal
    balance: Decimal
    words: tuple[Word, ...]
    page: int


@dataclass
class _Columns:
    """Horizontal centres of the debit and credit headers, once seen."""

    debit: float | None = None
    credit: float | None = None

    def learn(self, line: Line) -> None:
        for word in line.words:
            key = label_key(word.text)
            centre = word.box.left + word.box.width / 2
            if key in _DEBIT:
                self.debit = centre
            elif key in _CREDIT:
                self.credit = centre

    def is_credit(self, centre: float) -> bool | None:
        if self.debit is None or self.credit is None:
            return None
        return abs(centre - self.credit) < abs(centre - self.debit)


def _amounts(text: str) -> list[tuple[Decimal, int]]:
    out = []
    for match in _AMOUNT.finditer(text):
        value = parse_amount(match.group())
        if value is not None:
            out.append((value, match.start()))
    return out


def _opening(line: Line) -> Decimal | None:
    text = _fixed(line)
    key = label_key(text)
    if any(word in key for word in _OPENING):
        amounts = _amounts(text)
        return amounts[-1][0] if amounts else None
    return None


def _word_centre(line: Line, text: str, offset: int) -> float:
    """Where in the page the character at ``offset`` of the line's text lies."""
    position = 0
    for word in line.words:
        found = text.find(fix_digits(word.text), position)
        if found >= 0 and found <= offset < found + len(word.text) + 1:
            return word.box.left + word.box.width / 2
        position = max(position, found)
    return 0.5


_SLASH_ONE = re.compile(r"^(\s*\d{4}[/.-])(1?\d{2})([/.-])(1?\d{2})(?!\d)")


def _slash_one(match: re.Match[str]) -> str:
    # "/" followed by 1 reads as "/1" and then "1" again: "2024/08/117".
    month, day = match.group(2), match.group(4)
    return match.group(1) + month[-2:] + match.group(3) + day[-2:]


def _leading_date(text: str) -> tuple[date, int] | None:
    """The date a row starts with, also in the compact form 20240315 some banks print."""
    dates = find_dates(text)
    if dates and dates[0][1] <= 2:
        return dates[0][0], dates[0][2]
    compact = _COMPACT.match(text)
    if compact:
        try:
            digits = compact.group().strip()
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:])), compact.end()
        except ValueError:
            return None
    return None


def _fixed(line: Line) -> str:
    # Word by word, so the gap between two columns of numbers is never closed.
    return " ".join(fix_digits(word.text) for word in line.words)


_BRACKET_ONE = re.compile(r"(?<![^\s])[\[\]](?=\d)")
_STRAY_MARK = re.compile(r"(?<=\d)[;:'`’]+(?=[\d,.])")
_DOTTED_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+)\.(\d\d)(?![\d])")
_SPACED_CENTS = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})*|\d+) (\d\d)(?![\d.,])")


def _amount_text(text: str) -> str:
    """A row's money as printed, from what a noisy scan makes of it.

    A speck read as a mark inside a sum ("71;,684.52") is dropped.
    "]15,691.28" (a 1 read as a bracket), "118.776.11" (a comma read as a
    point) and "85,599 16" (the point lost) are read as the sums they were.
    """
    text = _BRACKET_ONE.sub("1", text)
    text = _STRAY_MARK.sub("", text)
    text = _DOTTED_THOUSANDS.sub(lambda m: m.group(1).replace(".", ",") + "." + m.group(2), text)
    return _SPACED_CENTS.sub(r"\1.\2", text)


def _row(
    line: Line, previous: Decimal | None, columns: _Columns
) -> tuple[date, str, Decimal, Decimal, Decimal] | None:
    text = _SLASH_ONE.sub(_slash_one, _fixed(line), count=1)
    found = _leading_date(text)
    if found is None:
        return None
    day, end = found
    text = text[:end] + _amount_text(text[end:])
    amounts = [(v, at + end) for v, at in _amounts(text[end:])]
    if not amounts:
        return None
    # A row whose amount is unreadable keeps its balance; reconcile() works
    # the amount out from the balances either side.
    balance = amounts[-1][0]
    moving = [(v, at) for v, at in amounts[:-1] if v != 0]
    description = text[end : amounts[0][1]].strip()
    if not moving:
        return day, description, Decimal(0), Decimal(0), balance
    amount, at = moving[0]
    if previous is not None:
        credit = balance - previous == abs(amount) or (
            balance - previous != -abs(amount) and balance > previous
        )
    else:
        side = columns.is_credit(_word_centre(line, text, at))
        credit = side if side is not None else amount > 0 and len(amounts) == 2
    value = abs(amount)
    return day, description, value * (not credit), value * credit, balance


def read_rows(pages: Sequence[PageText]) -> tuple[list[Row], Decimal]:
    """The transactions in page order and the opening balance."""
    rows: list[Row] = []
    opening: Decimal | None = None
    columns = _Columns()
    for page in pages:
        for line in visual_lines(page):
            columns.learn(line)
            if not rows and opening is None:
                opening = _opening(line)
                if opening is not None:
                    continue
            previous = rows[-1].balance if rows else opening
            parsed = _row(line, previous, columns)
            if parsed is not None:
                rows.append(Row(*parsed, words=line.words, page=page.index))
    if opening is None and rows:
        first = rows[0]
        opening = first.balance - first.credit + first.debit
    return rows, opening or Decimal(0)


def _signed(row: Row) -> Decimal:
    return row.credit - row.debit


def _with_move(row: Row, move: Decimal) -> Row:
    return replace(row, debit=max(-move, Decimal(0)), credit=max(move, Decimal(0)))


def reconcile(rows: Sequence[Row], opening: Decimal) -> tuple[list[Row], int]:
    """Rows with a misread amount or balance put right from the running balance.

    Each row is read twice over: its amount, and the change between its
    balance and the one before. Where the two disagree, whichever reading
    lets the next row agree again is taken (the amount from the balances, or
    the balance from the amount); where neither does, the row stays as read.
    Returns the rows and how many were put right.
    """
    out = list(rows)
    fixed = 0
    previous = opening
    for i, row in enumerate(out):
        if previous + _signed(row) != row.balance:
            following = out[i + 1] if i + 1 < len(out) else None
            repaired = _repair(row, previous, following)
            if repaired is not None:
                out[i] = repaired
                fixed += 1
        previous = out[i].balance
    return out, fixed


def _repair(row: Row, previous: Decimal, following: Row | None) -> Row | None:
    def agrees(balance: Decimal) -> bool:
        # The next row's side was judged from this row's balance, so either side counts.
        if following is None:
            return True
        step = following.credit + following.debit
        return following.balance in (balance + step, balance - step)

    moved = row.balance - previous
    amount = row.credit + row.debit
    if following is None:
        return None
    # Misread amount: the balances agree with the next row, and the amount
    # they imply is the one printed with a digit or two wrong. (A row lost
    # from the table also breaks the chain, but implies a wholly other sum.)
    # An amount read as nothing (a lost point, letters) counts as misread too.
    if agrees(row.balance) and moved != 0 and (amount == 0 or _near(abs(moved), amount)):
        return _with_move(row, moved)
    # Only one sum read, and it is not the balance: it was the amount, and the
    # balance is the one that leads to the next row.
    if amount == 0:
        for move in (-row.balance, row.balance):
            if move and agrees(previous + move):
                return replace(_with_move(row, move), balance=previous + move)
    # Misread balance: the amount read, on either side, leads to the next row.
    for move in (amount, -amount) if row.credit else (-amount, amount):
        balance = previous + move
        if agrees(balance) and _near(balance, row.balance):
            return replace(_with_move(row, move), balance=balance)
    return None


def _near(a: Decimal, b: Decimal) -> bool:
    """Two sums whose printed digits differ by at most two edits (misread, lost, doubled)."""
    x, y = f"{a:.2f}", f"{b:.2f}"
    if abs(len(x) - len(y)) > 2:
        return False
    # Edit distance by rows; the strings are short.
    row = list(range(len(y) + 1))
    for i, cx in enumerate(x, 1):
        prev, row[0] = row[0], i
        for j, cy in enumerate(y, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (cx != cy))
    return row[-1] <= 2


def unbalanced(rows: Sequence[Row], opening: Decimal) -> int:
    """Rows whose balance is not the one before plus credits minus debits.

    Any such row means an amount or a balance was misread (or a row lost),
    so figures computed from the table cannot be trusted as they stand.
    """
    count, previous = 0, opening
    for row in rows:
        count += previous + row.credit - row.debit != row.balance
        previous = row.balance
    return count
