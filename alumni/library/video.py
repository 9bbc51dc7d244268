"""Recorded talks: from a video's address to the player loaded on the visitor's click.

Nothing is requested from the video host until the visitor clicks "Charger la vidéo"
(static/js/site.js inserts the player then). The page of a talk lets its
Content-Security-Policy frame that player's origin only (ResourcePage.serve); every
other page keeps frame-src 'none'.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{5,40}$")


@dataclass(frozen=True)
class VideoEmbed:
    provider: str
    embed_url: str
    watch_url: str

    @property
    def origin(self):
        url = urlparse(self.embed_url)
        return f"{url.scheme}://{url.netloc}"


def _on_domain(host, domain):
    return host == domain or host.endswith("." + domain)


def _youtube(url):
    host = url.hostname or ""
    if host == "youtu.be":
        return url.path.strip("/").split("/")[0]
    if _on_domain(host, "youtube.com") or _on_domain(host, "youtube-nocookie.com"):
        if url.path == "/watch":
            return (parse_qs(url.query).get("v") or [""])[0]
        parts = url.path.strip("/").split("/")
        if len(parts) >= 2 and parts[0] in ("embed", "shorts", "live"):
            return parts[1]
    return None


def _vimeo(url):
    host = url.hostname or ""
    if host in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        parts = [part for part in url.path.split("/") if part]
        numbers = [part for part in parts if part.isdigit()]
        return numbers[0] if numbers else None
    return None


def _dailymotion(url):
    host = url.hostname or ""
    if host == "dai.ly":
        return url.path.strip("/")
    if _on_domain(host, "dailymotion.com"):
        parts = [part for part in url.path.split("/") if part]
        if "video" in parts and parts.index("video") + 1 < len(parts):
            return parts[parts.index("video") + 1].split("_")[0]
    return None


PROVIDERS = (
    (
        "YouTube",
        _youtube,
        "https://www.youtube-nocookie.com/embed/{id}",
        "https://www.youtube.com/watch?v={id}",
    ),
    ("Vimeo", _vimeo, "https://player.vimeo.com/video/{id}", "https://vimeo.com/{id}"),
    (
        "Dailymotion",
        _dailymotion,
        "https://www.dailymotion.com/embed/video/{id}",
        "https://www.dailymotion.com/video/{id}",
    ),
)


def video_embed(address):
    """The player of a YouTube, Vimeo or Dailymotion video, or None if not recognised."""
    try:
        url = urlparse((address or "").strip())
    except ValueError:
        return None
    if url.scheme not in ("http", "https"):
        return None
    for name, find_id, embed, watch in PROVIDERS:
        video_id = find_id(url)
        if video_id and VIDEO_ID.match(video_id):
            return VideoEmbed(name, embed.format(id=video_id), watch.format(id=video_id))
    return None
