"""axe-core accessibility checks on every page a browser test loads.

``AxeWatch.watch(context)`` runs axe (through axe-playwright-python) after each
load of each page in the context, and keeps the violations; the ``page``
fixture fails the test if any were found. Rules are axe's defaults (WCAG 2 A
and AA and best practices).
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

_AXE = Axe()


def violations_of(page) -> list[str]:
    """Run axe on the page as it is now; one line per violated rule, with its nodes."""
    results = _AXE.run(page)
    lines = []
    for rule in results.response["violations"]:
        targets = ", ".join(str(node["target"]) for node in rule["nodes"][:5])
        lines.append(f"{page.url}: {rule['id']} ({rule['impact']}): {rule['help']} -> {targets}")
    return lines


class AxeWatch:
    """Check each page load of the watched contexts; keep what axe finds."""

    def __init__(self) -> None:
        self.violations: list[str] = []
        self.checked: list[str] = []

    def watch(self, context) -> None:
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)

    def _watch_page(self, page) -> None:
        page.on("load", self.check)

    def check(self, page) -> None:
        """Run axe now; a page that navigates away meanwhile is checked at its next load."""
        try:
            found = violations_of(page)
        except PlaywrightError:
            return
        self.checked.append(page.url)
        self.violations += found
