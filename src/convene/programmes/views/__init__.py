"""The programmes' pages. Thin: parse a form, call a service or a query, render. Every
page works without JavaScript; refusals are answered by core's RefusalMiddleware."""
