"""The back office settings page refuses a webhook URL into our own network, in the user's words."""

from __future__ import annotations

from tests.web.conftest import Office, settings_form


def test_the_settings_page_refuses_the_cloud_metadata_address_in_words(anna: Office) -> None:
    form = settings_form(anna)
    form["webhook_url"] = "http://169.254.169.254/latest/meta-data/"
    page = anna.post("/admin/settings", form)
    assert page.status_code == 422
    assert "Dit adres wijst naar een intern of lokaal netwerk; een webhook moet naar een openbaar internetadres " \
           "gaan." in page.text
    assert "http://169.254.169.254/latest/meta-data/" in page.text  # what was typed stays, to be corrected
    db = anna.db()
    assert db.execute("SELECT COUNT(*) FROM dealer_settings").fetchone()[0] == 0
    db.conn.close()
    form["webhook_url"] = "ftp://x"  # a malformed one keeps its own message
    assert "Vul een adres in dat met https:// of http:// begint." in anna.post("/admin/settings", form).text


def test_a_user_name_in_a_webhook_url_is_refused_for_that_not_as_an_internal_address(anna: Office) -> None:
    form = settings_form(anna)
    form["webhook_url"] = "https://crm:geheim@93.184.216.34/hooks"
    page = anna.post("/admin/settings", form)
    assert page.status_code == 422
    assert "Een webhookadres mag geen gebruikersnaam of wachtwoord bevatten" in page.text
    assert "intern of lokaal netwerk" not in page.text


def test_the_settings_page_shows_a_catalog_webhook_that_is_refused(anna: Office) -> None:
    # The catalog file's author put an internal address in; the server serves on, the dealer is told.
    path = anna.settings.catalogs_dir / "demo.toml"
    mail = 'notification_emails = ["verkoop@kozijnen-demo.example"]'
    path.write_text(path.read_text().replace(mail, f'{mail}\nwebhook_url = "http://10.0.0.1/hook"'))
    page = anna.get("/admin/settings")
    assert page.status_code == 200
    assert "Dit adres wijst naar een intern of lokaal netwerk" in page.text and "http://10.0.0.1/hook" in page.text
