from django.urls import URLPattern, URLResolver, path

from convene.notes import views

app_name = "notes"

urlpatterns: list[URLPattern | URLResolver] = [
    path("events/<int:event_id>/", views.event_notes, name="event"),
    path("events/<int:event_id>/import/", views.import_notes, name="import"),
    path("events/<int:event_id>/notes.wiki", views.download_wikitext, name="wikitext"),
    path("events/<int:event_id>/notes.md", views.download_markdown, name="markdown"),
    path("events/<int:event_id>/publish", views.publish, name="publish"),
    path("events/<int:event_id>/announcement", views.announcement, name="announcement"),
    path("publications/<int:pk>/", views.publication, name="publication"),
    path("publications/<int:pk>/retry", views.publication_retry, name="retry"),
]
