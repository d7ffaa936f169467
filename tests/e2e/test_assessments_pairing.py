"""Couple A's pairing in a browser at phone and desktop width (screenshots for review)."""

import os
import threading

from django.core.management import call_command

DEMO_PASSWORD = "Verbinding-2026"


def login(page, base, email):
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(base + "/")


def test_couple_a_sees_both_points_and_their_cycle(asgi_server, new_context, artifacts_dir):
    # Playwright's sync API runs an event loop in this thread; the seed's reveal broadcast uses
    # async_to_sync, which needs a thread without one.
    seeding = threading.Thread(target=call_command, args=("seed_demo",))
    seeding.start()
    seeding.join()
    for name, viewport in (("phone", {"width": 390, "height": 844}), ("desktop", {"width": 1280, "height": 900})):
        page = new_context(viewport=viewport).new_page()
        login(page, asgi_server.url, "partner-a1@example.com")
        page.goto(asgi_server.url + "/vragenlijst/samen/")
        title = "Aantrekken en afstoten: de achtervolger en de terugtrekker"
        assert page.get_by_role("heading", name=title).is_visible()
        assert page.locator("svg.plane-svg circle.plane-me").count() == 1
        assert page.locator("svg.plane-svg circle.plane-partner").count() == 1
        assert page.get_by_text("Bas: angst 1,67, vermijding 6,33").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "the page must not scroll sideways"
        page.screenshot(path=os.path.join(artifacts_dir, f"pairing-couple-a-{name}.png"), full_page=True)
