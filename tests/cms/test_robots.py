"""robots.txt: the lines each app contributes (cms.robots), byte for byte."""

EXPECTED = (
    "User-agent: *\n"
    "Disallow: /admin/\n"
    "Disallow: /django-admin/\n"
    "Disallow: /recherche/\n"
    "Disallow: /compte/\n"
    "Disallow: /alumni/connexion/\n"
    "Disallow: /alumni/mon-profil/\n"
    "Disallow: /alumni/parrains/\n"
    "Sitemap: http://127.0.0.1:8000/sitemap.xml\n"
)


def test_robots_txt_is_the_apps_lines_then_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == EXPECTED
