"""The board's headline cards as a reader sees them: read back from the one HTML block components.cards draws."""

from html.parser import HTMLParser


class _Cards(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cards: list[dict] = []
        self._line: dict | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "div" and "nq-card" in classes:
            self.cards.append({"code": attrs.get("data-code"), "classes": classes, "lines": [], "html": []})
            return
        if not self.cards:
            return
        card = self.cards[-1]
        card["html"].append(self.get_starttag_text())
        if tag == "p":
            self._line = {"classes": classes, "text": "", "badges": []}
            card["lines"].append(self._line)
        elif tag == "span" and "nq-help" in classes:
            card["help"] = attrs.get("title")
        elif tag == "span" and "nq-badge" in classes and self._line is not None:
            self._line["badges"].append({"classes": classes, "text": ""})
        elif tag == "img":
            card["trend"] = attrs.get("src")

    def handle_endtag(self, tag):
        if self.cards:
            self.cards[-1]["html"].append(f"</{tag}>")
        if tag == "p":
            self._line = None

    def handle_data(self, data):
        if self.cards:
            self.cards[-1]["html"].append(data)
        if self._line is None or self.get_starttag_text() and "nq-help" in self.get_starttag_text():
            return
        self._line["text"] += data
        if self._line["badges"] and self.lasttag == "span":
            self._line["badges"][-1]["text"] += data


def read(html: str) -> list[dict]:
    """Each card: code, rag (its colour), label, value, help, delta, badges [(colour, text)], lines (text of every
    line after the value, in order), caption, and its HTML."""
    parser = _Cards()
    parser.feed(html)
    out = []
    for card in parser.cards:
        lines = card["lines"]
        by_class = {c: line for line in lines for c in line["classes"]}
        rag = next(c.removeprefix("nq-") for c in card["classes"] if c not in ("nq-card", "nq-compact"))
        out.append(
            {
                "code": card["code"],
                "rag": rag,
                "label": by_class["nq-label"]["text"].removesuffix("?"),
                "value": by_class["nq-value"]["text"],
                "help": card.get("help"),
                "trend": card.get("trend"),
                "badges": [
                    (next(c.removeprefix("nq-") for c in b["classes"] if c != "nq-badge"), b["text"])
                    for line in lines
                    for b in line["badges"]
                ],
                "lines": [" ".join(line["text"].split()) for line in lines[2:]],
                "coloured": [
                    (c.removeprefix("nq-line-"), line["text"]) for line in lines for c in line["classes"] if "line" in c
                ],
                "caption": by_class["nq-caption"]["text"],
                "html": "".join(card["html"]),
            }
        )
    return out


def on_page(at) -> list[dict]:
    """The headline cards an AppTest run drew (every st.html block that holds cards)."""
    return [card for element in at.get("html") for card in read(element.proto.body)]


class _Side(HTMLParser):
    """The overview's side column (components.panels): each heading, paragraph and list item as a line of text, and
    each big number by its label."""

    BLOCKS = ("h4", "p", "li")

    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.lines: list[str] = []
        self.numbers: dict[str, str] = {}
        self.tags: list[str] = []
        self._label: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "nq-side" in (attrs.get("class") or "").split():
            self.inside = 1
            return
        if not self.inside:
            return
        self.tags.append(tag)
        if tag == "div":
            self.inside += 1
        if tag in self.BLOCKS:
            self.lines.append("")
            self._label = attrs.get("data-label")

    def handle_endtag(self, tag):
        if self.inside and tag == "div":
            self.inside -= 1

    def handle_data(self, data):
        if self.inside and self.lines:
            self.lines[-1] += data
            if self._label is not None:
                self.numbers[self._label] = self.lines[-1]


def side_on_page(at) -> dict:
    """The side panels an AppTest run drew: {"lines": [text of each heading, paragraph and item], "numbers":
    {label: the big number}, "tags": every tag inside}."""
    parser = _Side()
    for element in at.get("html"):
        parser.feed(element.proto.body)
    return {"lines": parser.lines, "numbers": parser.numbers, "tags": parser.tags}
