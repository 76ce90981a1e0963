"""Check that cited URLs still answer: HEAD, then GET where HEAD is refused; redirects recorded."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

OK, MOVED, DEAD, UNREACHABLE = "ok", "moved", "dead", "unreachable"
TIMEOUT = 15.0  # seconds per request
WORKERS = 8  # requests in flight at once: a curator's check, not a crawl


def _user_agent() -> str:
    try:
        release = version("timeline")
    except PackageNotFoundError:  # running from a source tree that is not installed
        release = "dev"
    return f"timeline-link-check/{release} (source checker of the timeline project)"


USER_AGENT = _user_agent()


@dataclass(frozen=True)
class LinkResult:
    """What one URL answered."""

    url: str
    outcome: str  # OK, MOVED, DEAD or UNREACHABLE
    status: int | None  # the final HTTP status, None when nothing answered
    final_url: str  # where redirects ended ("" when nothing answered)
    redirect: int | None  # the first redirect's status (301, 302, ...), None when none
    detail: str  # why, in words


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows http(s) redirects only, remembering the first one's status."""

    def __init__(self) -> None:
        self.first: int | None = None

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            return None  # a redirect to file: or ftp: is an error, never followed
        if self.first is None:
            self.first = code
        follow = super().redirect_request(req, fp, code, msg, headers, newurl)
        if follow is not None and req.get_method() == "HEAD":
            follow.method = "HEAD"  # Python < 3.12 follows a HEAD's redirect with a GET
        return follow


def check_link(url: str, *, timeout: float = TIMEOUT, user_agent: str = USER_AGENT) -> LinkResult:
    """Ask `url` with HEAD; again with GET when HEAD gets an HTTP error (many servers refuse it)."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return LinkResult(url, UNREACHABLE, None, "", None, "not an http(s) URL: not fetched")
    result = _request(url, "HEAD", timeout, user_agent)
    if result.status is not None and result.status >= 400:
        result = _request(url, "GET", timeout, user_agent)
    return result


def _request(url: str, method: str, timeout: float, user_agent: str) -> LinkResult:
    redirects = _Redirects()
    opener = urllib.request.build_opener(redirects)
    request = urllib.request.Request(url, method=method, headers={"User-Agent": user_agent})
    try:
        with opener.open(request, timeout=timeout) as response:
            status, final = response.status, response.geturl()
    except urllib.error.HTTPError as error:
        outcome = DEAD
        detail = f"{method} answered HTTP {error.code} {error.reason}"
        return LinkResult(url, outcome, error.code, error.geturl() or url, redirects.first, detail)
    except TimeoutError:
        return LinkResult(url, UNREACHABLE, None, "", None, f"no answer within {timeout:g} s")
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return LinkResult(url, UNREACHABLE, None, "", None, f"no answer within {timeout:g} s")
        return LinkResult(url, UNREACHABLE, None, "", None, f"cannot connect ({reason})")
    except (OSError, ValueError) as error:  # reset connections, malformed answers, bad ports
        return LinkResult(url, UNREACHABLE, None, "", None, f"cannot connect ({error})")
    if redirects.first is not None and final != url:
        detail = f"HTTP {redirects.first}: now at {final}"
        return LinkResult(url, MOVED, status, final, redirects.first, detail)
    return LinkResult(url, OK, status, final, None, f"HTTP {status}")


def check_links(
    urls: Iterable[str],
    *,
    timeout: float = TIMEOUT,
    workers: int = WORKERS,
    user_agent: str = USER_AGENT,
) -> list[LinkResult]:
    """Check each distinct URL once, at most `workers` at a time; results in first-seen order."""
    distinct = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(
            pool.map(lambda url: check_link(url, timeout=timeout, user_agent=user_agent), distinct)
        )
