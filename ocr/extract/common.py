"""Find labels in read pages, take the value beside or below them, build fields.

Labels are matched on a key without spaces, punctuation or case, allowing
one wrong, missing or extra character in labels of four or more characters,
because OCR misreads labels as often as values.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ocr.parse import fix_digits, keep_in_key, label_key, occurrences
from ocr.types import Box, Field, Line, PageText, Problem, Word

_COLONS = ":：;,，、| "
#: a value below this confidence goes to a person
LOW_CONFIDENCE = 0.6
#: how much a value that needed repair (O for 0 ...) is trusted less
REPAIR_FACTOR = 0.85
#: the confidence of a value that failed its check
FAILED_CONFIDENCE = 0.3


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f"


@dataclass(frozen=True)
class Span:
    """Some text read from a page, with the words it came from."""

    text: str
    words: tuple[Word, ...]
    page: int

    @property
    def box(self) -> Box | None:
        return Box.around([w.box for w in self.words])

    @property
    def confidence(self) -> float:
        if not self.words:
            return 0.0
        return sum(w.confidence for w in self.words) / len(self.words)


class TextLine:
    """One line as characters, each knowing its word, so labels can end mid-word."""

    def __init__(self, line: Line, page: int, number: int, aspect: float = 1.0) -> None:
        self.page = page
        #: page height over width, to compare heights with horizontal gaps
        self.aspect = aspect
        self.number = number
        self.line = line
        self.chars: list[tuple[str, int]] = []
        for index, word in enumerate(line.words):
            self.chars.extend((c, index) for c in word.text)
        self.key_pos = [i for i, (c, _) in enumerate(self.chars) if keep_in_key(c)]
        self.key = "".join(
            unicodedata.normalize("NFKC", self.chars[i][0]).lower()[:1] for i in self.key_pos
        )

    def span(self, start: int, end: int) -> Span:
        """Characters ``start:end`` as text (spaces where words part) and their words."""
        text, words, last = "", [], -1
        for char, index in self.chars[start:end]:
            if index != last and text and not (_is_cjk(text[-1]) and _is_cjk(char)):
                text += " "
            if index != last:
                words.append(self.line.words[index])
            text, last = text + char, index
        return Span(text.strip(), tuple(words), self.page)

    def raw_end(self, key_end: int) -> int:
        """The character offset just after key position ``key_end - 1``."""
        return self.key_pos[key_end - 1] + 1 if key_end else 0

    def raw_start(self, key_start: int) -> int:
        return self.key_pos[key_start] if key_start < len(self.key_pos) else len(self.chars)


@dataclass(frozen=True)
class Hit:
    """Where a label was found: its line and the character offsets around it."""

    line: TextLine
    start: int
    end: int
    exact: bool

    @property
    def box(self) -> Box | None:
        return self.line.span(self.start, self.end).box


def visual_lines(page: PageText) -> list[Line]:
    """The page's lines, with lines that share a row on the page joined, top to bottom.

    OCR puts a label and its value into separate blocks (hence lines) when a
    gap parts them; on the page they share a row, and that is what counts.
    Rows are matched by the facing ends of two lines, so a slightly tilted
    page still joins the right ones.
    """
    rows: list[list[Word]] = []
    for line in sorted(page.lines(), key=lambda ln: _middle(ln.words[0])):
        best = max(rows, key=lambda row: _row_overlap(row, line.words), default=None)
        if best is not None and _row_overlap(best, line.words) >= 0.5:
            best.extend(line.words)
            best.sort(key=lambda w: w.box.left)
        else:
            rows.append(list(line.words))
    rows.sort(key=lambda row: _middle(row[0]))
    return [Line(tuple(row)) for row in rows]


def _middle(word: Word) -> float:
    return word.box.top + word.box.height / 2


def _row_overlap(row: list[Word], words: tuple[Word, ...]) -> float:
    """How much the facing ends of two side-by-side lines overlap vertically (0..1)."""
    if words[0].box.left >= row[-1].box.right:
        a, b = row[-1].box, words[0].box
    elif words[-1].box.right <= row[0].box.left:
        a, b = words[-1].box, row[0].box
    else:
        return 0.0
    shared = min(a.bottom, b.bottom) - max(a.top, b.top)
    return max(0.0, shared) / max(min(a.height, b.height), 1e-9)


class Finder:
    """Labels of one document kind, searched over its pages."""

    def __init__(self, pages: Sequence[PageText], vocabulary: Sequence[str]) -> None:
        self.lines = [
            TextLine(line, page.index, number, page.height / max(page.width, 1))
            for page in pages
            for number, line in enumerate(visual_lines(page))
        ]
        self.vocabulary = sorted({label_key(v) for v in vocabulary}, key=len, reverse=True)
        self._known = [self._exact_spans(line) for line in self.lines]

    def _exact_spans(self, line: TextLine) -> list[tuple[int, int, bool]]:
        """Where the vocabulary's labels are on a line (fuzzy ones only if no exact)."""
        found = [m for label in self.vocabulary for m in occurrences(line.key, label)]
        # Exact readings first, longest first, so a misreading never hides one.
        found.sort(key=lambda m: (not m[2], m[0] - m[1]))
        spans: list[tuple[int, int, bool]] = []
        for start, end, exact in found:
            if not any(s <= start and end <= e for s, e, _ in spans):
                spans.append((start, end, exact))
        return spans

    def find(self, labels: Sequence[str]) -> list[Hit]:
        """Hits of any of ``labels``, exact ones first, in page order."""
        exact: list[Hit] = []
        fuzzy: list[Hit] = []
        for number, line in enumerate(self.lines):
            known = [(s, e) for s, e, exact in self._known[number] if exact]
            for label in labels:
                key = label_key(label)
                for start, end, is_exact in occurrences(line.key, key):
                    # Part of a longer label ("Name" in "Account Name"), or a misread
                    # label that is in truth another one ("应发工资" for "实发工资").
                    inside = any(s <= start and end <= e and e - s > end - start for s, e in known)
                    clash = not is_exact and any(
                        s < end and start < e and line.key[s:e] not in key for s, e in known
                    )
                    if inside or clash:
                        continue
                    hit = Hit(line, line.raw_start(start), line.raw_end(end), is_exact)
                    (exact if is_exact else fuzzy).append(hit)
        return _unique(exact) + _unique(fuzzy)

    def find_in(self, line: TextLine, labels: Sequence[str]) -> bool:
        """Whether ``line`` starts with one of ``labels``."""
        return any(
            start <= 1
            for label in labels
            for start, _, _ in occurrences(line.key, label_key(label))
        )

    def after(self, hit: Hit) -> Span:
        """The text after a label on its line, up to the next label."""
        line = hit.line
        stop = len(line.chars)
        for start, _, _ in self._known[self.lines.index(line)]:
            raw = line.raw_start(start)
            if raw >= hit.end:
                stop = min(stop, raw)
        start = hit.end
        # The colon after a label is often read as part of the label's word.
        while start < stop and line.chars[start][0] in _COLONS:
            start += 1
        return line.span(start, stop)

    def next_line(self, hit: Hit) -> Span | None:
        """The following line of the same page, unless it starts with a label."""
        number = self.lines.index(hit.line) + 1
        if number >= len(self.lines) or self.lines[number].page != hit.line.page:
            return None
        line = self.lines[number]
        known = self._known[number]
        if any(s == 0 for s, _, _ in known):
            return None
        stop = min((line.raw_start(s) for s, _, _ in known), default=len(line.chars))
        return line.span(0, stop)

    def below(self, hit: Hit, depth: int = 1) -> Span | None:
        """The words under a label's column on the next ``depth``-th line (tables)."""
        box = hit.box
        number = self.lines.index(hit.line) + depth
        if box is None or number >= len(self.lines) or self.lines[number].page != hit.line.page:
            return None
        line = self.lines[number]
        words = line.line.words
        under = [
            i
            for i, word in enumerate(words)
            if word.box.left < box.right + box.width * 0.3
            and word.box.right > box.left - box.width * 0.3
        ]
        if not under:
            return None
        first, last = under[0], under[-1]
        # A cell's words sit close together; a wide gap starts the next column.
        gap = 1.5 * max(w.box.height for w in words) * line.aspect
        while last + 1 < len(words) and words[last + 1].box.left - words[last].box.right < gap:
            last += 1
        starts = [k for k, (_, w) in enumerate(line.chars) if first <= w <= last]
        return line.span(starts[0], starts[-1] + 1)


def _unique(hits: list[Hit]) -> list[Hit]:
    seen: set[tuple[int, int, int]] = set()
    out = []
    for hit in hits:
        key = (id(hit.line), hit.start, hit.end)
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


def missing(name: str) -> Field:
    return Field(name, "", 0.0, problems=(Problem("field.missing", f"No {_words(name)} found."),))


def _words(name: str) -> str:
    return name.replace("_", " ")


def make_field(
    name: str,
    value: str,
    span: Span,
    *,
    repaired: bool = False,
    problems: Sequence[Problem] = (),
    confidence: float | None = None,
) -> Field:
    """A field from the words it was read from, trusted less when repaired or failed."""
    conf = span.confidence if confidence is None else confidence
    if repaired:
        conf *= REPAIR_FACTOR
    found = list(problems)
    if found:
        conf = min(conf, FAILED_CONFIDENCE)
    elif conf < LOW_CONFIDENCE:
        found.append(
            Problem("field.low_confidence", f"The {_words(name)} was hard to read; check it.")
        )
    return Field(name, value, round(conf, 3), span.page, span.box, tuple(found))


def flagged(field: Field, *problems: Problem) -> Field:
    """``field`` with ``problems`` added and its confidence lowered to match."""
    kept = tuple(p for p in field.problems if p.code != "field.low_confidence")
    return replace(
        field,
        confidence=min(field.confidence, FAILED_CONFIDENCE),
        problems=kept + problems,
    )


Parser = Callable[[str], str | None]


def candidates(finder: Finder, hit: Hit) -> list[Span]:
    """Where a label's value may be: after it, on the next line, or below it."""
    out: list[Span] = []
    after = finder.after(hit)
    if after.text:
        out.append(after)
    for span in (finder.below(hit), finder.next_line(hit)):
        if span is not None and span.text:
            out.append(span)
    return out


def labelled(
    finder: Finder, name: str, labels: Sequence[str], parse: Parser, invalid: str | None = None
) -> Field | None:
    """The first value beside or below one of ``labels`` that ``parse`` accepts.

    None when no label is there; a label whose value does not parse gives a
    field with an ``invalid`` problem (or ``field.missing`` when no code given).
    """
    hits = finder.find(labels)
    if not hits:
        return None
    first: Span | None = None
    for hit in hits:
        for span in candidates(finder, hit):
            first = first or span
            value = parse(span.text)
            if value is not None:
                return make_field(name, value, span, repaired=value_repaired(span.text, value))
    if first is None or invalid is None:
        return missing(name)
    sentence = f"The {_words(name)} '{first.text}' could not be read."
    return make_field(name, "", first, problems=[Problem(invalid, sentence)])


def value_repaired(text: str, value: str) -> bool:
    """Whether look-alike letters in ``text`` had to be read as digits to give ``value``."""
    plain = unicodedata.normalize("NFKC", text).replace(" ", "")
    return any(c.isdigit() for c in value) and fix_digits(plain) != plain


def heading(finder: Finder, name: str, titles: Sequence[str]) -> Field:
    """A name printed as the page's heading: the first line that is not a title or label.

    A title printed on the same line ("XX有限公司 工资条") is cut off.
    """
    for line in finder.lines[:4]:
        span = line.span(0, len(line.chars))
        upper = span.text.upper()
        cut = min((upper.find(t) for t in titles if t in upper), default=-1)
        text = span.text[:cut] if cut >= 0 else span.text
        if text.strip() and not finder.find_in(line, finder.vocabulary):
            return make_field(name, " ".join(text.split()), span)
    return missing(name)


def by_neighbour(
    finder: Finder, name: str, anchor: Sequence[str], offset: int, parse: Parser
) -> Field | None:
    """A value whose own label was misread, found on the line ``offset`` from another label's.

    Whatever stands before a colon on that line is taken for the garbled label.
    Trusted less than a value found by its label.
    """
    for hit in finder.find(anchor):
        number = finder.lines.index(hit.line) + offset
        if not 0 <= number < len(finder.lines) or finder.lines[number].page != hit.line.page:
            continue
        line = finder.lines[number]
        colon = next((i for i, (c, _) in enumerate(line.chars) if c in ":："), -1)
        span = line.span(colon + 1, len(line.chars))
        value = parse(span.text) if span.text else None
        if value:
            return make_field(name, value, span, confidence=span.confidence * REPAIR_FACTOR)
    return None
