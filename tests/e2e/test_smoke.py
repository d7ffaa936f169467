"""A person on a phone reaches the Dutch home page and logs in with a verified account."""

import os

from tests.factories import TEST_PASSWORD, UserFactory


def test_phone_visitor_logs_in_in_dutch(asgi_server, new_context, artifacts_dir):
    person = UserFactory(email="anouk@example.com", display_name="Anouk")
    page = new_context(viewport={"width": 390, "height": 844}).new_page()

    page.goto(asgi_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("link", name="Ik heb al een account").click()

    page.get_by_label("E-mailadres").fill(person.email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()

    page.wait_for_url(asgi_server.url + "/")
    assert page.get_by_text("Fijn dat je er bent, Anouk.").is_visible()
    page.screenshot(path=os.path.join(artifacts_dir, "home-logged-in-phone.png"), full_page=True)
