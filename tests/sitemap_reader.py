"""Reads /sitemap.xml as a crawler does: the index, then each of its sections."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def section_paths(client, **headers):
    """The path and query of each section the index lists, in its order."""
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200, response.status_code
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['s']}}}sitemapindex", root.tag
    paths = []
    for location in root.findall("s:sitemap/s:loc", NS):
        parts = urlsplit(location.text)
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def sitemap_sections(client, **headers):
    """Each section's response, in the index's order."""
    responses = [client.get(path, **headers) for path in section_paths(client, **headers)]
    assert all(response.status_code == 200 for response in responses)
    return responses


def sitemap_text(client, **headers):
    """Every section's XML, one after the other (for `in` checks on addresses)."""
    return "\n".join(response.content.decode() for response in sitemap_sections(client, **headers))


def sitemap_entries(client, **headers):
    """{address: lastmod} over every section."""
    entries = {}
    for response in sitemap_sections(client, **headers):
        root = ET.fromstring(response.content)
        for url in root.findall("s:url", NS):
            entries[url.findtext("s:loc", namespaces=NS)] = url.findtext("s:lastmod", namespaces=NS)
    return entries
