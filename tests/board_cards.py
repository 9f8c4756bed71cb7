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
