"""Tests of matcher.agenda_html: well-formed, escaped, printable HTML in three languages."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda_fixtures import EVIL_FORMULA, EVIL_SCRIPT, group_schedule, schedule
from matcher import agenda_html
from matcher.agenda import build_material, company_files

VOID = {"meta", "br", "img", "hr", "link", "input", "col", "area", "base", "wbr", "source"}


class TagChecker(HTMLParser):
    """Records scripts, event-handler attributes and unbalanced tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.scripts, self.handlers, self.text = [], [], 0, [], []

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):  # <br />: opens and closes at once
        self.handlers += [name for name, _ in attrs if name.startswith("on")]

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check(html: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(html)
    checker.close()
    assert checker.errors == [] and checker.stack == [], (checker.errors, checker.stack)
    return checker


def files(lang="nn", s=None):
    m = build_material(s or schedule(), lang=lang, reasons=False, tips=0)
    return m, agenda_html.render_all(m, company_files(m))


def test_every_file_is_well_formed_html_and_xml():
    _, pages = files()
    assert set(pages) >= {"agendas.html", "table-signs.html", "participants.html",
                          "companies/vinje-sag-as.html"}
    for name, html in pages.items():
        check(html)
        # also parses as XML (after the HTML5 doctype): every tag closed, every entity known
        root = ET.fromstring(html.split("\n", 1)[1])
        assert root.tag == "html" and root.find("body") is not None, name


def test_one_company_per_page_with_print_css():
    m, pages = files()
    root = ET.fromstring(pages["agendas.html"].split("\n", 1)[1])
    sections = root.findall(".//section")
    assert len(sections) == len(m.agendas) == 5
    assert all("page" in s.get("class").split() for s in sections)
    css = root.find("head/style").text
    assert "size: A4" in css and "break-after: page" in css
    single = ET.fromstring(pages["companies/vinje-sag-as.html"].split("\n", 1)[1])
    assert len(single.findall(".//section")) == 1


def test_agenda_page_content():
    _, pages = files()
    text = " ".join(check(pages["companies/vinje-sag-as.html"]).text)
    for expected in ("Møteplan for Vinje Sag AS", "torsdag 18. mars 2027", "Dalen hotell",
                     "kl. 09.00–09.10", "Kviteseid Mek. Verkstad AS", "Ola Dunk",
                     "Kvifor de møtest", EVIL_FORMULA, EVIL_SCRIPT,
                     "Bearbeiding av metall (25.62)"):  # industry in words
        assert expected in text, expected
    late = " ".join(check(pages["companies/fyresdal-fjellstove.html"]).text)
    assert "Ikkje til stades denne runden" in late


def test_company_text_is_inert():
    _, pages = files()
    for name, html in pages.items():
        checker = check(html)
        assert checker.scripts == 0 and checker.handlers == [], name
        assert "<script>" not in html and "<img" not in html
    # shown to the reader exactly as the company wrote it
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["agendas.html"]


def test_table_signs_list_who_sits_where():
    m, pages = files()
    root = ET.fromstring(pages["table-signs.html"].split("\n", 1)[1])
    signs = root.findall(".//section")
    assert [s.find("h1").text for s in signs] == ["Bord 1", "Bord 2"]
    rows = signs[0].findall(".//tbody/tr")
    assert len(rows) == 3  # one row per round
    first = "".join(rows[0].itertext())
    assert "Vinje Sag AS" in first and "Kviteseid Mek. Verkstad AS" in first


def test_group_and_named_tables():
    _, pages = files(s=group_schedule())
    text = " ".join(check(pages["companies/vinje-sag-as.html"]).text)
    assert "Peisestova" in text and "Fyresdal Fjellstove" in text
    assert "Bord Peisestova" in pages["table-signs.html"]


def test_languages_differ():
    heads = {}
    for lang in ("nn", "nb", "en"):
        _, pages = files(lang)
        html = pages["companies/vinje-sag-as.html"]
        check(html)
        heads[lang] = html
    assert "Kvifor de møtest" in heads["nn"] and "Hvorfor dere møtes" in heads["nb"]
    assert "Why you meet" in heads["en"] and "Thursday 18 March 2027" in heads["en"]
    assert "Machining (25.62)" in heads["en"]
    assert '<html lang="nb">' in heads["nb"]


def _browser():
    for name in ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome",
                 "google-chrome-stable", "headless_shell"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.mark.skipif(_browser() is None, reason="no headless browser (chromium) installed")
def test_headless_browser_renders_an_agenda_page(tmp_path):
    _, pages = files()
    page = tmp_path / "agenda.html"
    page.write_text(pages["companies/vinje-sag-as.html"], encoding="utf-8")
    png = tmp_path / "agenda.png"
    subprocess.run([_browser(), "--headless", "--disable-gpu", "--no-sandbox",
                    f"--screenshot={png}", "--window-size=1240,1754", page.as_uri()],
                   check=True, timeout=60, capture_output=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 5000


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1,
                        max_size=20).filter(str.strip),
                min_size=2, max_size=2, unique_by=str.strip))
def test_any_names_stay_text(names):
    s = schedule()
    s["profiles"][0]["name"], s["profiles"][1]["name"] = names
    _, pages = files(s=s)
    root = ET.fromstring(pages["agendas.html"].split("\n", 1)[1])
    text = "".join(root.find("body").itertext())
    for name in names:
        assert name in text
    checker = check(pages["agendas.html"])
    assert checker.scripts == 0 and checker.handlers == []


def test_index_links_exactly_the_files_written(tmp_path):
    from matcher.agenda import write_agendas

    summary = write_agendas(schedule(), tmp_path, ("html", "md", "xlsx"), reasons=False, tips=0)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    check(html)
    root = ET.fromstring(html.split("\n", 1)[1])
    hrefs = [a.get("href") for a in root.iter("a")]
    assert set(hrefs) <= set(summary.files) and "index.html" in summary.files
    assert "companies/vinje-sag-as.md" in hrefs and "event.xlsx" in hrefs
    assert "agendas.html" in hrefs and not any(h.endswith((".pdf", ".ics")) for h in hrefs)
    assert all((tmp_path / h).is_file() for h in hrefs)
    assert "&lt;script&gt;" in html
