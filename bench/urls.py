"""The site's URLs plus the bench's bare reference (bench/bare.py), for `make bench` only."""

from django.urls import path

from bench.bare import bare
from convene.urls import urlpatterns as site

urlpatterns = [path("_bench/bare/", bare), *site]
