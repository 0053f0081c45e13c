from django.urls import path

from convene.qa import views

app_name = "qa"

urlpatterns = [
    path("similar", views.similar, name="similar"),
    path("events/<int:event_id>/", views.board, name="board"),
    path("events/<int:event_id>/list", views.board_list, name="board_list"),
    path("events/<int:event_id>/ask", views.ask, name="ask"),
    path("events/<int:event_id>/moderate", views.moderation_queue, name="moderate"),
    path("events/<int:event_id>/settings", views.board_settings, name="settings"),
    path("events/<int:event_id>/presenter", views.presenter, name="presenter"),
    path("events/<int:event_id>/pinned", views.presenter_pinned, name="pinned"),
    path("events/<int:event_id>/unanswered", views.unanswered, name="unanswered"),
    path("events/<int:event_id>/export.csv", views.export_csv, name="export_csv"),
    path("events/<int:event_id>/export.json", views.export_json, name="export_json"),
    path("<int:pk>/", views.question_page, name="question"),
    path("<int:pk>/vote", views.vote, name="vote"),
    path("<int:pk>/moderate", views.moderate, name="moderate_question"),
    path("<int:pk>/pick", views.pick, name="pick"),
    path("<int:pk>/answer", views.answer, name="answer"),
    path("<int:pk>/assign", views.assign, name="assign"),
]
