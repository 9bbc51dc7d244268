"""The site's colours, read from the custom properties of static/css/site.css (the one
place they are defined), for what is drawn on the server (social cards, illustrations)."""

import functools
import re
from pathlib import Path

from django.conf import settings


@functools.cache
def palette():
    """{custom property without "--c-": "#rrggbb"} from the :root block of site.css."""
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text(encoding="utf-8")
    root = css[css.index(":root") : css.index("}", css.index(":root"))]
    return dict(re.findall(r"--c-([a-z-]+):\s*(#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3}))\b", root))
