"""Fixtures of the viz tests: the projection of the article graph and a headless Chromium page
that may load nothing but file: URLs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest

CHROMIUM = os.environ.get("VDG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def projection(built: Any) -> Any:
    from viz.projection import project

    return project(built.dataset)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium (skips when /usr/bin/chromium or playwright is missing)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright not installed (pip install playwright)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Page:
    """A browser page whose non-file requests are aborted and counted; errors collected."""

    def __init__(self, browser: Any) -> None:
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda d: (self.errors.append("dialog: " + d.message), d.dismiss()))

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: Path) -> Any:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.vdg && window.vdg.drawn === true", timeout=30000)
        return self.page

    def open_view(self, projection: Any, folder: Path, lang: str) -> Any:
        """Write the article graph's view in `lang` into folder and open it."""
        from viz.render import write_html

        path = folder / "vdg.html"
        write_html(projection, path, lang=lang)
        return self.open(path)

    def assert_clean(self) -> None:
        """Nothing was requested off file: and the page raised no error."""
        assert self.blocked == [], self.blocked
        assert self.errors == [], self.errors


@pytest.fixture()
def page(browser: Any) -> Iterator[Page]:
    p = Page(browser)
    yield p
    p.context.close()
