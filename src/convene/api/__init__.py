"""The JSON API (OpenAPI schema at /api/openapi.json) over all of Convene."""
