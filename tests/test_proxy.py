"""deploy/nginx/ run for real in front of gunicorn: the cache keeps what is public and
anonymous, and nothing private, typed or signed in."""

import re
import urllib.error
import urllib.request

import pytest

from core.tracking_parameters import CAMPAIGN_PREFIX, CLICK_IDENTIFIERS
from tests.browser.conftest import build_demo_site, free_port, gunicorn, manage, site_environment
from tests.perf.proxy import deploy_nginx

pytestmark = pytest.mark.proxy


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("proxy")
    env = site_environment(folder, STATIC_ROOT=str(folder / "static"))
    build_demo_site(env)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    with gunicorn(env) as app:
        yield folder, app


@pytest.fixture(scope="module")
def proxy(site):
    """nginx with deploy/nginx/waymark.conf.template, in front of the site: its origin."""
    folder, app = site
    upstream = app.removeprefix("http://")
    with deploy_nginx(folder, upstream, folder / "static", free_port()) as url:
        yield url


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize("address", ["/topics/cyberbullying/", "/search/?topic=anxiety&country=GB"])
def test_a_public_page_is_rendered_once_and_then_served_by_the_proxy(proxy, address):
    """The finder's filters without typed words are public pages too."""
    first = get(f"{proxy}{address}")
    second = get(f"{proxy}{address}")
    assert first[0] == second[0] == 200
    assert first[1]["X-Cache-Status"] == "MISS"
    assert second[1]["X-Cache-Status"] == "HIT"
    assert first[2] == second[2]
    assert "Set-Cookie" not in second[1]


def test_links_with_click_identifiers_are_served_from_the_page_s_copy(proxy):
    """A link shared after a news story arrives with a new identifier on every click."""
    assert get(f"{proxy}/helplines/childline/")[0] == 200
    for name in (f"{CAMPAIGN_PREFIX}source", *CLICK_IDENTIFIERS):
        status, headers, _ = get(f"{proxy}/helplines/childline/?{name}=click-{name}")
        assert (name, status, headers["X-Cache-Status"]) == (name, 200, "HIT")
    shared = f"{proxy}/helplines/childline/?utm_source=news&utm_medium=social&fbclid=IwAR0"
    assert get(shared)[1]["X-Cache-Status"] == "HIT"
    # After the address's own parameters, as platforms add them.
    chosen = get(f"{proxy}/search/?topic=loneliness&country=IE")
    shared = get(f"{proxy}/search/?topic=loneliness&country=IE&fbclid=IwAR1&utm_source=x")
    assert shared[1]["X-Cache-Status"] == "HIT" and shared[2] == chosen[2]
    # Before them, the key keeps every parameter, and Waymark answers.
    assert get(f"{proxy}/helplines/?fbclid=IwAR2&country=GB")[1]["X-Cache-Status"] == "MISS"
    assert get(f"{proxy}/helplines/?country=GB&xfbclid=3")[1]["X-Cache-Status"] == "MISS"


def test_words_someone_typed_are_never_kept(proxy, site):
    for _ in range(2):
        status, headers, _ = get(f"{proxy}/search/?q=someone+is+bullying+me")
        assert status == 200
        assert headers["X-Cache-Status"] == "BYPASS"
        assert "no-store" in headers["Cache-Control"]
    folder, _ = site
    kept = [path.read_bytes() for path in (folder / "cache").rglob("*") if path.is_file()]
    assert not [entry for entry in kept if b"bullying+me" in entry]


def test_someone_with_a_session_is_never_served_the_shared_copy_nor_adds_to_it(proxy):
    get(f"{proxy}/guides/")  # now kept for anonymous visitors
    signed_in = get(f"{proxy}/guides/", {"Cookie": "sessionid=abc123"})
    assert signed_in[1]["X-Cache-Status"] == "BYPASS"
    assert "private" in signed_in[1]["Cache-Control"]
    private = get(f"{proxy}/campaigns/", {"Cookie": "theme=dark; sessionid=abc123"})
    assert private[1]["X-Cache-Status"] == "BYPASS"
    assert get(f"{proxy}/campaigns/")[1]["X-Cache-Status"] == "MISS"


def test_the_admin_is_never_cached(proxy):
    for _ in range(2):
        status, headers, _ = get(f"{proxy}/admin/login/")
        assert status == 200
        assert "X-Cache-Status" not in headers
        assert "Set-Cookie" in headers


def test_static_files_are_served_by_nginx_from_the_collected_files(proxy, site):
    folder, _ = site
    status, headers, body = get(f"{proxy}/static/css/waymark.css")
    assert status == 200
    assert body == (folder / "static/css/waymark.css").read_bytes()
    assert "X-Cache-Status" not in headers  # read from disk, not from the app
    assert headers["Cache-Control"] == "public, max-age=300"


def test_uploaded_images_are_kept_by_the_proxy_and_documents_are_not_in_media(proxy):
    _, _, page = get(f"{proxy}/campaigns/scroll-less-live-more/")
    image = re.search(rb'src="(/media/images/[^"]+)"', page).group(1).decode()
    first, second = get(f"{proxy}{image}"), get(f"{proxy}{image}")
    assert first[0] == second[0] == 200
    assert first[1]["Content-Type"].startswith("image/")
    assert [first[1]["X-Cache-Status"], second[1]["X-Cache-Status"]] == ["MISS", "HIT"]
    assert first[2] == second[2]
    assert get(f"{proxy}/media/documents/anything.pdf")[0] == 404


def test_health_checks_pass_through_uncached(proxy):
    status, headers, _ = get(f"{proxy}/readyz")
    assert status == 200
    assert headers["X-Cache-Status"] in ("BYPASS", "MISS")
    assert get(f"{proxy}/readyz")[1]["X-Cache-Status"] != "HIT"
