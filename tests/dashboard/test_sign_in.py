"""The dashboard's sign-in over plain HTTP: what the cookie is, what the page may load, when a
session ends."""

import httpx

from tests.dashboard.conftest import Feeds, run_apart
from tests.feedapi.conftest import create_feed_topics

COOKIE = "jeugdhub_session"


def _sign_in(feeds: Feeds, token: str) -> httpx.Response:
    return httpx.post(
        f"{feeds.api.url}/session",
        data={"token": token},
        headers={"Origin": feeds.api.url},
        timeout=30,
    )


def test_a_token_becomes_a_strict_http_only_cookie(feeds: Feeds) -> None:
    answer = _sign_in(feeds, feeds.api.tokens[feeds.api.a])

    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/"} <= flags
    assert "secure" not in flags  # plain HTTP here; behind TLS it is set (scheme https)
    assert feeds.api.tokens[feeds.api.a] not in cookie


def test_a_wrong_token_gets_the_form_again_with_the_reason(feeds: Feeds) -> None:
    answer = _sign_in(feeds, "not-a-token")

    assert answer.status_code == 401
    assert "set-cookie" not in answer.headers
    assert "hoort niet bij een actieve afnemer" in answer.text


def test_a_sign_in_posted_from_another_site_is_refused(feeds: Feeds) -> None:
    answer = httpx.post(
        f"{feeds.api.url}/session",
        data={"token": feeds.api.tokens[feeds.api.a]},
        headers={"Origin": "https://elders.example"},
        timeout=30,
    )

    assert answer.status_code == 403
    assert "set-cookie" not in answer.headers


def test_the_page_may_load_only_the_hub_s_own_script_and_style(feeds: Feeds) -> None:
    with httpx.Client(base_url=feeds.api.url, timeout=30) as client:
        client.post("/session", data={"token": feeds.api.tokens[feeds.api.a]})
        page = client.get("/")

    assert page.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in page.headers["content-security-policy"].split(";")
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert "<script>" not in page.text and " style=" not in page.text
    assert 'src="/static/dashboard/dashboard.js"' in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from outside


def test_a_session_ends_at_sign_out_and_when_the_subscriber_is_removed(feeds: Feeds) -> None:
    name = "utrecht-west-session"
    _, token = feeds.api.store.add(name, "region", "utrecht-west")
    run_apart(create_feed_topics(feeds.admin, name))
    with httpx.Client(base_url=feeds.api.url, timeout=30) as signed_out:
        signed_out.post("/session", data={"token": token})
        assert signed_out.get(f"/dashboard/{name}/feed.csv").status_code == 200
        signed_out.post("/session/end")
        assert signed_out.get(f"/dashboard/{name}/feed.csv").status_code == 401
        assert "Inloggen" in signed_out.get("/").text

    with httpx.Client(base_url=feeds.api.url, timeout=30) as removed:
        removed.post("/session", data={"token": token})
        assert removed.get(f"/dashboard/{name}/feed.csv").status_code == 200
        feeds.api.store.remove(name)
        assert removed.get(f"/dashboard/{name}/feed.csv").status_code == 401


def test_a_feed_that_cannot_be_read_yet_is_said_on_the_page(feeds: Feeds) -> None:
    name = "lekstroom-no-topic"
    _, token = feeds.api.store.add(name, "region", "lekstroom")
    with httpx.Client(base_url=feeds.api.url, timeout=30) as client:
        client.post("/session", data={"token": token})
        page = client.get("/")

    assert page.status_code == 503
    assert page.headers["retry-after"]
    assert "Uw feed is nu niet te lezen" in page.text
    assert f"jeugdhub.feed.{name}.v1 does not exist yet" in page.text
