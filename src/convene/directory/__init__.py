"""Regions, countries, languages, communities, organisations and hubs; coverage and gaps."""
