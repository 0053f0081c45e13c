import gzip

import pytest


@pytest.mark.django_db
def test_pages_are_compressed_for_a_client_that_accepts_gzip(client):
    plain = client.get("/")
    compressed = client.get("/", HTTP_ACCEPT_ENCODING="gzip")

    assert "Content-Encoding" not in plain.headers
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed.headers["Vary"]
    assert gzip.decompress(compressed.content).decode().startswith("<!doctype html>")
    assert len(compressed.content) < len(plain.content) / 2
